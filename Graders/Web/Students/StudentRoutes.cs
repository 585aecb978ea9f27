using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Grader.Web.TutorServer;

namespace Grader.Web.Students;

/// <summary>
/// The students' routes of <c>grader serve</c> (issue 70), under <see cref="Home"/>: a student signs in with their token
/// (<c>grader serve student tokens</c>) to their own cookie scheme (<see cref="Scheme"/>: HttpOnly, SameSite=Strict, its
/// token's stamp checked on every request as the tutors'), which no tutor route accepts, and sees their released
/// sheets. No route names a student: who is asked about is always the signed-in one, so no URL, form field or id
/// reaches another student's grade; a sheet that is not released answers 404 as one that does not exist.
/// </summary>
public static class StudentRoutes
{
    /// <summary>How many students' requests run at once (<see cref="GradingDesk.ReadConnections"/>, one read connection each); the others wait.</summary>
    public const int PagesAtOnce = GradingDesk.ReadConnections;

    /// <summary>The students' authentication scheme (a cookie of its own).</summary>
    public const string Scheme = "student";

    /// <summary>The students' cookie.</summary>
    public const string CookieName = "grader-student";

    /// <summary>The student's home page.</summary>
    public const string Home = "/me";

    /// <summary>The students' sign-in page.</summary>
    public const string SignInPath = "/me/signin";

    /// <summary>Signing out.</summary>
    public const string SignOutPath = "/me/signout";

    /// <summary>The students' cookie: HttpOnly, SameSite=Strict, the token's stamp checked on every request, the login redirect a path.</summary>
    public static void Cookie(CookieAuthenticationOptions o, StudentDesk students)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(students);
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = SignInPath;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = async context =>
        {
            var principal = context.Principal;
            if (principal?.Identity?.Name is not { } name || principal.FindFirst(TutorServer.StampClaim)?.Value is not { } stamp || !students.IsSession(name, stamp))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
            }
        };
        o.Events.OnRedirectToLogin = context =>
        {
            context.Response.Redirect(SignInPath);
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// At most <see cref="PagesAtOnce"/> students' requests run at once, the others wait their turn: 500 students loading
    /// their pages take their share of the cores, not all of them, and the tutors' requests go on beside them. Put before
    /// the authentication, so that a student's session check (a read) runs inside the gate too: a request let in never
    /// waits for a read connection held by the session checks of requests still queued outside.
    /// </summary>
    public static void Gate(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = new SemaphoreSlim(PagesAtOnce);
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Home, StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            await gate.WaitAsync(context.RequestAborted);
            try
            {
                await next(context);
            }
            finally
            {
                gate.Release();
            }
        });
    }

    /// <summary>Maps the students' routes (their gate is <see cref="Gate"/>, before the authentication); <paramref name="failures"/> counts wrong tokens per address, shared with the tutors' sign-in.</summary>
    public static void Map(WebApplication app, StudentDesk students, SignInFailures failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(students);
        var policy = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();
        app.MapGet(SignInPath, (HttpContext context) => Page(context, StudentPages.SignIn(Token(context), null, students.Course.Name)));
        app.MapPost(SignInPath, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (failures.Blocked(TutorServer.Address(context)))
            {
                await TutorServer.TooManySignIns(context);
                return;
            }

            if (students.SignIn(form["token"].ToString()) is not { } student)
            {
                failures.Failed(TutorServer.Address(context));
                await Page(context, StudentPages.SignIn(Token(context), "That token is no student's.", students.Course.Name), StatusCodes.Status401Unauthorized);
                return;
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, student.Name), new Claim(TutorServer.StampClaim, student.Stamp)], Scheme);
            await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
            context.Response.Redirect(Home);
        });

        var me = app.MapGroup(Home).RequireAuthorization(policy);
        me.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(Scheme);
            context.Response.Redirect(SignInPath);
        });
        me.MapGet("", (HttpContext context) => Page(context, StudentPages.Home(Student(context), students.Totals(Student(context)), students.Course.Name, Token(context))));
        me.MapGet("/sheet/{sheet}", (HttpContext context, string sheet) =>
        {
            if (students.Sheet(Student(context), sheet) is not { } view)
            {
                return NotReleased(context);
            }

            string html;
            using (StudentDesk.Phases(students.Timing)?.Invoke("render"))
            {
                html = StudentPages.Sheet(Student(context), view, DateTimeOffset.UtcNow, null, Token(context));
            }

            return Page(context, html);
        });
        me.MapPost("/sheet/{sheet}/regrade", async (HttpContext context, string sheet) =>
        {
            var form = await context.Request.ReadFormAsync();
            var student = Student(context);
            if (students.Sheet(student, sheet) is null)
            {
                await NotReleased(context);
                return;
            }

            if (students.FileRegrade(student, sheet, form["task"].ToString(), form["item"].ToString(), form["reason"].ToString()) is { } problem)
            {
                await Page(context, StudentPages.Sheet(student, students.Sheet(student, sheet)!, DateTimeOffset.UtcNow, problem, Token(context)), StatusCodes.Status400BadRequest);
                return;
            }

            context.Response.Redirect(StudentPages.SheetPath(sheet));
        });
        me.MapGet("/sheet/{sheet}/feedback", (HttpContext context, string sheet) =>
        {
            if (students.FeedbackFile(Student(context), sheet) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = TutorServer.FeedbackSecurityPolicy;
            return Results.File(file, "text/html; charset=utf-8");
        });
    }

    private static string Student(HttpContext context) => context.User.Identity?.Name ?? "";

    private static Task NotReleased(HttpContext context) =>
        Page(context, StudentPages.Problem("Not found", "There is no released sheet of that name.", Student(context), Token(context)), StatusCodes.Status404NotFound);
}
