using System.Security.Claims;
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
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grader.Web;

/// <summary>
/// <c>grader serve</c>'s web app (ASP.NET Core minimal APIs, pages from <see cref="ServePages"/>): tutors sign in with
/// their token (an HttpOnly, SameSite=Strict cookie), every POST carries an anti-forgery token, every response a
/// Content-Security-Policy without inline script; the grading page's score is written to the gradebook and committed
/// before the response (<see cref="DeskScoring.Score"/>), a stale write answers 409 with the page showing the score that
/// stands. Page images are served by student and number, never by a path from the URL. A session carries its tutor's
/// token stamp (<see cref="TutorToken.Stamp"/>), checked against the gradebook on every request: a reissued or removed
/// token ends its sessions at once, and signing out ends the session on the server (<see cref="SessionTable"/>). Wrong
/// tokens are limited per client (<see cref="SignInAttempts"/> per <see cref="SignInWindow"/>, then 429 for that client's
/// wrong tokens; a right token always signs in) and every token check runs in a gate of <see cref="SignInChecksAtOnce"/>
/// (<see cref="SignIns"/>); request headers and bodies are read under Kestrel's timeouts and minimum rates before any
/// gate. Behind a reverse proxy only the proxies of <see cref="ServeOptions.TrustedProxies"/> say who the client is and
/// whether it came over HTTPS; a public HTTPS address makes every cookie Secure and adds HSTS. <see cref="HealthPath"/>
/// answers without sign-in and without data. Every redirect is a local path, never built from the Host header.
/// </summary>
public static partial class TutorServer
{
    /// <summary>The Content-Security-Policy of every response.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// The Content-Security-Policy of a student's feedback page (the grader's plots, verdicts and messages for the task):
    /// its own inline style and data-URL images, and no script at all.
    /// </summary>
    public const string FeedbackSecurityPolicy =
        "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Wrong tokens one client may give per <see cref="SignInWindow"/> (<see cref="SignInFailures"/>); then its wrong tokens are answered 429 (a right one still signs in).</summary>
    public const int SignInAttempts = 10;

    /// <summary>The sliding window <see cref="SignInAttempts"/> counts over.</summary>
    public static readonly TimeSpan SignInWindow = TimeSpan.FromMinutes(15);

    /// <summary>The sign-in form's field for the local path signing in leads to (the login redirect's query names it too).</summary>
    public const string ReturnField = "ReturnUrl";

    /// <summary>The claim a session's cookie keeps its tutor's token stamp in.</summary>
    public const string StampClaim = "grader-stamp";

    /// <summary>The claim a session's cookie keeps its id in (<see cref="SessionTable"/>).</summary>
    public const string SessionClaim = "grader-session";

    /// <summary>How many token checks run at once, whoever asks (<see cref="SignIns"/>).</summary>
    public const int SignInChecksAtOnce = 2;

    /// <summary>How long a sign-in waits for a check's place before it is answered 503.</summary>
    public static readonly TimeSpan SignInWait = TimeSpan.FromSeconds(5);

    /// <summary>The largest sign-in form read (a token and two hidden fields need far less).</summary>
    public const long SignInFormLimit = 16 << 10;

    /// <summary>How long a client may take to send a request's headers.</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The slowest a request's body may arrive (after a grace of 5 s): 1 KiB/s.</summary>
    public const double MinBodyBytesPerSecond = 1024;

    /// <summary>The health check for a proxy or service manager: 200 "ok", no sign-in, no data.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>How long a session lives unused (the cookies' sliding lifetime).</summary>
    public static readonly TimeSpan SessionIdle = TimeSpan.FromHours(12);


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
                    await Page(context, ServePages.Problem("Something went wrong", "The server could not answer this request; it is logged. Try again, and tell the course's staff if it stays.", null, ""), StatusCodes.Status500InternalServerError);
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
                : Page(context, ServePages.Items(desk, sheet, Tutor(context), Token(context))));
        tutors.MapGet("/sheet/{sheet}/item/{index:int}", (HttpContext context, string sheet, int index, int? at) =>
        {
            if (desk.Item(sheet, index) is not { } item)
            {
                return NotFound(context, $"Sheet '{sheet}' has no manual item {index}.");
            }

            // A fresh page starts at the first answer not scored yet: never on a score another tutor gave.
            var view = View(desk, item, context);
            return Page(context, ServePages.Grading(view, Tutor(context), Token(context), at ?? view.NextUnscored(-1), [], files: desk.Files.State(sheet)));
        });
        tutors.MapPost("/sheet/{sheet}/names", (HttpContext context, string sheet) => Names(context, desk, sheet));
        tutors.MapPost("/sheet/{sheet}/no-report", (HttpContext context, string sheet) => NoReport(context, desk, sheet));
        tutors.MapGet("/sheet/{sheet}/statistics", (HttpContext context, string sheet) =>
            desk.Course.FindSheet(sheet) is null
                ? NoSheet(context, sheet)
                : Page(context, StatisticsPage.Render(sheet, Statistics(desk, sheet), desk.Blind.NameReveals(sheet), Tutor(context), Token(context))));
        tutors.MapPost("/sheet/{sheet}/feedback", (HttpContext context, string sheet) => Feedback(context, desk, sheet));
        tutors.MapPost("/sheet/{sheet}/item/{index:int}/score", (HttpContext context, string sheet, int index) => Score(context, desk, sheet, index));
        tutors.MapGet("/sheet/{sheet}/item/{index:int}/audit/{student}", (HttpContext context, string sheet, int index, string student) =>
            desk.Item(sheet, index) is not { } item
                ? NotFound(context, $"Sheet '{sheet}' has no manual item {index}.")
                : desk.Blind.Naming(sheet, Tutor(context)) is var naming && desk.Resolve(sheet, student) is { } found
                    ? Page(context, ServePages.Audit(item, naming.Label(found), desk.Scoring.Audit(item, found), Tutor(context), Token(context), TutorialOrder.Members(desk.Roster(sheet), naming, found)))
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

    /// <summary>The addresses the started app listens on (port 0 resolved).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    /// <summary>
    /// <paramref name="path"/> when it is a path on this server ("/sheet/000?at=2"), else "/": nothing with a scheme, a
    /// host ("//evil.example"), a backslash (which browsers read as a slash), a control character or more than 2,000
    /// characters leads elsewhere.
    /// </summary>
    public static string LocalPath(string? path) =>
        path is { Length: > 0 and <= 2000 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\', StringComparison.Ordinal) && !p.Any(char.IsControl)
            ? p
            : "/";

    /// <summary>The signed-in tutor's name (the tutors' routes of other folders use it too).</summary>
    internal static string Tutor(HttpContext context) => context.User.Identity?.Name ?? "";

    /// <summary>The anti-forgery token for the page's forms.</summary>
    internal static string Token(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken ?? "";

    /// <summary>A tutors' "Not found" page, 404.</summary>
    internal static Task NotFound(HttpContext context, string message) =>
        Page(context, ServePages.Problem("Not found", message, Tutor(context), Token(context)), StatusCodes.Status404NotFound);

    /// <summary>The tutors' "Not found" page of a sheet the course does not list, 404.</summary>
    internal static Task NoSheet(HttpContext context, string sheet) => NotFound(context, $"The course has no sheet '{sheet}'.");

    /// <summary>Writes an HTML page with <paramref name="status"/>.</summary>
    internal static async Task Page(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
    }

    private static string Asset(string name)
    {
        using var stream = typeof(TutorServer).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"The grader was built without its {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
