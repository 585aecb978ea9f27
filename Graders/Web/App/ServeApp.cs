using Grader.Semester;
using Grader.Web.Comments;
using Grader.Web.Regrades;
using Grader.Web.Students;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Grader.Web.TutorServer;

namespace Grader.Web.App;

/// <summary>
/// <c>grader serve</c>'s web app (ASP.NET Core minimal APIs, pages from <see cref="ServePages"/> and
/// <see cref="GradingPages"/>), under the rules of <see cref="TutorServer"/>: its pipeline (errors, forwarded headers,
/// security headers, sign-in, the anti-forgery check of every POST), the tutors' routes and the routes of every folder
/// (<see cref="RegradeRoutes"/>, <see cref="CommentRoutes"/>, <see cref="StudentRoutes"/>). It uses every folder of
/// Grader.Web and none uses it (<c>Tests/Grader.Cli.Tests/Layering/FolderCyclesTests.cs</c>).
/// </summary>
public static partial class ServeApp
{
    private static readonly Lazy<string> Script = new(() => Asset("serve.js"));
    private static readonly Lazy<string> Style = new(() => Asset("serve.css"));

    /// <summary>The app over <paramref name="desk"/>, listening on <paramref name="urls"/> (port 0: a free port) once started, behind the proxy <paramref name="options"/> describe (none by default).</summary>
    public static WebApplication Build(GradingDesk desk, IReadOnlyList<string> urls, ServeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(urls);
        options ??= ServeOptions.Direct;
        var students = new StudentDesk(desk);
        var signIns = new SignIns(new SignInFailures(SignInAttempts, SignInWindow),
            new RequestGate(SignInChecksAtOnce, SignInWait, "Many sign-ins are being checked at once: try again in a few seconds."), new SessionTable(SessionIdle));
        var secure = options.Https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true would make the framework believe every client's X-Forwarded-For (it
        // clears the known proxies): which proxy to trust is --trusted-proxy's alone, so the switch is turned off.
        builder.Configuration["FORWARDEDHEADERS_ENABLED"] = "false";
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 1 << 20;
            // Headers and bodies arrive in time or the connection ends: a slow client holds its own connection, and
            // (every gate being entered only after the form is read) never a place another request needs.
            k.Limits.RequestHeadersTimeout = HeadersTimeout;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(MinBodyBytesPerSecond, TimeSpan.FromSeconds(5));
            k.AddServerHeader = false;
        });
        builder.Services.Configure<FormOptions>(f => f.ValueCountLimit = 20_000);
        // Keys live in memory: a restart signs every tutor out, and no key file is left behind.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "grader-tutor";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.LoginPath = "/signin";
            o.ExpireTimeSpan = SessionIdle;
            o.SlidingExpiration = true;
            // Every request: the session still open and its stamp still its tutor's (a reissued or removed token ends it).
            o.Events.OnValidatePrincipal = context => signIns.ValidateAsync(context, CookieAuthenticationDefaults.AuthenticationScheme, desk.Access.IsSession);
            // The login redirect of the framework is absolute, built from the request's Host header: this one is a path.
            o.Events.OnRedirectToLogin = context =>
            {
                var request = context.Request;
                if (request.Cookies.ContainsKey(StudentRoutes.CookieName))
                {
                    // A signed-in student asking for a tutors' page: refused, not invited to sign in as a tutor.
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                }

                context.Response.Redirect($"/signin?{ReturnField}={Uri.EscapeDataString(LocalPath(request.PathBase + request.Path + request.QueryString))}");
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.Redirect("/signin");
                return Task.CompletedTask;
            };
        }).AddCookie(StudentRoutes.Scheme, o => StudentRoutes.Cookie(o, students, signIns, secure));
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "grader-antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = secure;
            o.FormFieldName = ServePages.TokenField;
        });

        var app = builder.Build();
        // An error no handler expected is one line on standard error (journald keeps it, docs/deploy.md) with the
        // request's method and path, and a plain 500 page for the client: the framework's logging is off, so without
        // this an operator would see a 500 and nothing else. A client that went away is no error.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
            {
                Console.Error.WriteLine($"grader serve: {DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'} {context.Request.Method} {context.Request.Path}: {e}");
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    // A run that cannot be rebuilt since the course file's catalog part was edited: a tutor's page says that (issue 80).
                    await Page(context, e is CourseFileException && desk.Reloading.CatalogChanged is { } changed && !context.Request.Path.StartsWithSegments(StudentRoutes.Home)
                        ? ServePages.Problem("The course file changed", changed, null, "")
                        : ServePages.Problem("Something went wrong", "The server could not answer this request; it is logged. Try again, and tell the course's staff if it stays.", null, ""), StatusCodes.Status500InternalServerError);
                }
            }
        });
        if (options.TrustedProxies.Count > 0)
        {
            // Only the trusted proxies' X-Forwarded-For and -Proto count (the last address, the one the proxy saw); the
            // framework's default (loopback) is cleared, so nothing is trusted that the operator did not name.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(proxy);
            }

            app.UseForwardedHeaders(forwarded);
        }

        if (desk.Timing is { } timing)
        {
            // Benchmark-only: each request's time and its waits for the desk's lock, counted by route.
            app.Use(async (context, next) =>
            {
                using var route = timing.Route(context.GetEndpoint()?.DisplayName ?? context.Request.Path);
                await next(context);
            });
        }

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            if (options.Https)
            {
                headers.StrictTransportSecurity = ServeOptions.StrictTransportSecurity;
                // Behind HTTPS every cookie is Secure: a request that did not come over it (straight to this port, or
                // through a proxy --trusted-proxy does not name) could not keep one; it is told why, not given a broken page.
                if (!context.Request.IsHttps && context.Request.Path != HealthPath)
                {
                    await Page(context, ServePages.Problem("Use HTTPS",
                        $"This server is reached at {options.Link("/")}: open that address. (A request that reached it over plain HTTP, straight or through a proxy that --trusted-proxy does not name, is refused.)", null, ""),
                        StatusCodes.Status400BadRequest);
                    return;
                }
            }

            await next(context);
        });
        // The course file as it is on disk now (issue 80): a regroup is taken up without a restart.
        app.Use((context, next) =>
        {
            desk.Reloading.Check();
            return next(context);
        });
        app.MapGet(HealthPath, () => Results.Text("ok\n", "text/plain; charset=utf-8"));
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                // A sign-in form is small: read no more of it (the limit applies before the anti-forgery check reads it).
                if ((context.Request.Path == "/signin" || context.Request.Path == StudentRoutes.SignInPath)
                    && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = SignInFormLimit;
                }

                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                try
                {
                    await antiforgery.ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await Page(context, ServePages.Problem("Refused", "The form's anti-forgery token is missing or wrong: reload the page and try again.", null, ""), StatusCodes.Status400BadRequest);
                    return;
                }
            }

            await next(context);
        });
        // The students' gate: after the session is checked and the form read (by the anti-forgery check above).
        StudentRoutes.Gate(app);

        app.MapGet("/serve.js", () => Results.Text(Script.Value, "text/javascript; charset=utf-8"));
        app.MapGet("/serve.css", () => Results.Text(Style.Value, "text/css; charset=utf-8"));
        app.MapGet("/signin", (HttpContext context) => Page(context, ServePages.SignIn(Token(context), null, LocalPath(context.Request.Query[ReturnField]))));
        app.MapPost("/signin", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var back = LocalPath(form[ReturnField]);
            await signIns.SignInAsync(context, form["token"].ToString(), CookieAuthenticationDefaults.AuthenticationScheme, desk.Access.SignIn,
                () => Page(context, ServePages.SignIn(Token(context), "That token is no tutor's.", back), StatusCodes.Status401Unauthorized), back);
        });

        var tutors = app.MapGroup("").RequireAuthorization();
        tutors.MapPost("/signout", async (HttpContext context) =>
        {
            await signIns.SignOutAsync(context, CookieAuthenticationDefaults.AuthenticationScheme);
            context.Response.Redirect("/signin");
        });
        tutors.MapGet("/", (HttpContext context) => Page(context, ServePages.Sheets(desk, Tutor(context), Token(context))));
        tutors.MapPost(ServePages.ReloadPath, (HttpContext context) =>
        {
            desk.Reloading.Reload(Tutor(context));
            context.Response.Redirect("/");
        });
        tutors.MapGet("/sheet/{sheet}", (HttpContext context, string sheet) =>
            desk.Course.FindSheet(sheet) is null
                ? NoSheet(context, sheet)
                : Page(context, GradingPages.Items(desk, sheet, Tutor(context), Token(context))));
        tutors.MapGet("/sheet/{sheet}/item/{index:int}", (HttpContext context, string sheet, int index, int? at) =>
        {
            if (desk.Item(sheet, index) is not { } item)
            {
                return NotFound(context, $"Sheet '{sheet}' has no manual item {index}.");
            }

            // A fresh page starts at the first answer not scored yet: never on a score another tutor gave.
            var view = View(desk, item, context);
            return Page(context, GradingPages.Grading(view, Tutor(context), Token(context), at ?? view.NextUnscored(-1), [], files: desk.Files.State(sheet)));
        });
        tutors.MapPost("/sheet/{sheet}/names", (HttpContext context, string sheet) => Names(context, desk, sheet));
        tutors.MapPost("/sheet/{sheet}/no-report", (HttpContext context, string sheet) => NoReport(context, desk, sheet));
        tutors.MapGet("/sheet/{sheet}/statistics", (HttpContext context, string sheet) =>
            desk.Course.FindSheet(sheet) is null
                ? NoSheet(context, sheet)
                : Page(context, StatisticsPage.Render(sheet, Statistics(desk, sheet), desk.Blind.NameReveals(sheet), Tutor(context), Token(context), desk.Course.Semester?.HasGroups == true)));
        tutors.MapPost("/sheet/{sheet}/feedback", (HttpContext context, string sheet) => Feedback(context, desk, sheet));
        tutors.MapPost("/sheet/{sheet}/item/{index:int}/score", (HttpContext context, string sheet, int index) => Score(context, desk, sheet, index));
        tutors.MapGet("/sheet/{sheet}/item/{index:int}/audit/{student}", (HttpContext context, string sheet, int index, string student) =>
            desk.Item(sheet, index) is not { } item
                ? NotFound(context, $"Sheet '{sheet}' has no manual item {index}.")
                : desk.Blind.Naming(sheet, Tutor(context)) is var naming && desk.Resolve(sheet, student) is { } found
                    ? Page(context, ServePages.Audit(item, naming.Label(found), desk.Scoring.Audit(item, found), Tutor(context), Token(context), TutorialOrder.Members(desk.Roster(sheet), naming, found) + Standing(desk, item, found)))
                    : Page(context, ServePages.Audit(item, naming.Message($"\"{student}\""), [], Tutor(context), Token(context))));
        tutors.MapGet("/sheet/{sheet}/student/{student}/page/{index:int}", (string sheet, string student, int index) =>
            desk.Resolve(sheet, student) is { } found && desk.HandinFiles.PageFile(sheet, found, index) is { } file
                ? Results.File(file, Path.GetExtension(file).Equals(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg")
                : Results.NotFound());
        tutors.MapGet("/sheet/{sheet}/student/{student}/feedback", async (HttpContext context, string sheet, string student) =>
        {
            if (desk.Resolve(sheet, student) is not { } found || desk.HandinFiles.FeedbackFile(sheet, desk.Tutorials.FeedbackOf(sheet, found)) is not { } file)
            {
                await Results.NotFound().ExecuteAsync(context);
                return;
            }

            // The file names the student (its title, its paths): while names are hidden it is held back, not served (issue 80).
            if (desk.Blind.Naming(sheet, Tutor(context)) is { Shown: false } naming)
            {
                await Page(context, NameReveal.HeldBack(sheet, naming.Label(found), Tutor(context), Token(context)));
                return;
            }

            context.Response.Headers.ContentSecurityPolicy = FeedbackSecurityPolicy;
            await Results.File(file, "text/html; charset=utf-8").ExecuteAsync(context);
        });
        RegradeRoutes.Map(tutors, desk);
        CommentRoutes.Map(tutors, desk);
        StudentRoutes.Map(app, students, signIns);
        return app;
    }

    private static string Asset(string name)
    {
        using var stream = typeof(TutorServer).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"The grader was built without its {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
