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

    /// <summary>How long a student's request waits for its place before it is answered 503.</summary>
    public static readonly TimeSpan PagesWait = TimeSpan.FromSeconds(15);

    /// <summary>The Content-Security-Policy of a plot's SVG (<c>/me/sheet/S/figure/N</c>): nothing loaded, no script, its own style.</summary>
    public const string FigureSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The Content-Security-Policy of an image grid's SVG (<c>/me/sheet/S/images/N</c>): as a plot's, and its own images as data URIs.</summary>
    public const string ImagesSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

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

    /// <summary>The students' cookie: HttpOnly, SameSite=Strict, Secure as <paramref name="secure"/> says, the session and the token's stamp checked on every request, the login redirect a path.</summary>
    public static void Cookie(CookieAuthenticationOptions o, StudentDesk students, SignIns signIns, CookieSecurePolicy secure)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(students);
        ArgumentNullException.ThrowIfNull(signIns);
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = secure;
        o.LoginPath = SignInPath;
        o.ExpireTimeSpan = SessionIdle;
        o.SlidingExpiration = true;
        o.Events.OnValidatePrincipal = context => signIns.ValidateAsync(context, Scheme, students.IsSession);
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
    /// At most <see cref="PagesAtOnce"/> signed-in students' requests run at once, the others wait their turn (at most
    /// <see cref="PagesWait"/>, then 503): 500 students loading their pages take their share of the cores, not all of
    /// them, and the tutors' requests go on beside them. Put after the authorization and the anti-forgery check (issue
    /// 81): only a request whose session is checked and whose form is read takes a place, so nothing a client does before
    /// signing in (a slow sign-in form, say) holds a place a signed-in page needs; the sign-in itself has its own gate
    /// (<see cref="SignIns"/>). A session check (one short read) waits for a read connection outside the gate.
    /// </summary>
    public static void Gate(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = new RequestGate(PagesAtOnce, PagesWait, "Many students' pages are being loaded at once: try again in a few seconds.");
        app.Use((context, next) =>
            !context.Request.Path.StartsWithSegments(Home, StringComparison.Ordinal) || context.Request.Path.StartsWithSegments(SignInPath, StringComparison.Ordinal)
                ? next(context)
                : gate.RunAsync(context, () => next(context)));
    }

    /// <summary>Maps the students' routes (their gate is <see cref="Gate"/>); <paramref name="signIns"/> checks tokens and keeps sessions, shared with the tutors' sign-in.</summary>
    public static void Map(WebApplication app, StudentDesk students, SignIns signIns)
    {
        ArgumentNullException.ThrowIfNull(signIns);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(students);
        var policy = new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build();
        app.MapGet(SignInPath, (HttpContext context) => Page(context, StudentPages.SignIn(Token(context), null, students.Course.Name)));
        app.MapPost(SignInPath, async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            await signIns.SignInAsync(context, form["token"].ToString(), Scheme, students.SignIn,
                () => Page(context, StudentPages.SignIn(Token(context), "That token is no student's.", students.Course.Name), StatusCodes.Status401Unauthorized), Home);
        });

        var me = app.MapGroup(Home).RequireAuthorization(policy);
        me.MapPost("/signout", async (HttpContext context) =>
        {
            await signIns.SignOutAsync(context, Scheme);
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
        me.MapGet("/sheet/{sheet}/figure/{number:int}", (HttpContext context, string sheet, int number) =>
        {
            if (students.Figure(Student(context), sheet, number) is not { } svg)
            {
                return Results.NotFound();
            }

            // An image of its own: no script, its own drawing's style only; the page's other headers (nosniff, no-store) stay.
            context.Response.Headers.ContentSecurityPolicy = FigureSecurityPolicy;
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
        });
        me.MapGet("/sheet/{sheet}/images/{number:int}", (HttpContext context, string sheet, int number) =>
        {
            if (students.Images(Student(context), sheet, number) is not { } svg)
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = ImagesSecurityPolicy;
            return Results.Text(svg, "image/svg+xml; charset=utf-8");
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
