using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grader.Web;

/// <summary>
/// The rules of <c>grader serve</c>'s web app (<see cref="App.ServeApp"/>) and the helpers every route answers through
/// (<see cref="Page"/>, <see cref="Tutor"/>, <see cref="Token"/>, <see cref="NotFound"/>): tutors sign in with
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
public static class TutorServer
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

    /// <summary>The client's address a sign-in's failures are counted by: the forwarded one behind a trusted proxy ("" when the server has none).</summary>
    internal static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "";

    /// <summary>The answer to a wrong token from a client that gave <see cref="SignInAttempts"/> wrong tokens within <see cref="SignInWindow"/>.</summary>
    internal static Task TooManySignIns(HttpContext context)
    {
        context.Response.Headers.RetryAfter = ((int)SignInWindow.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Page(context, ServePages.Problem("Too many sign-in attempts",
            $"This address gave a wrong token {SignInAttempts} times within {SignInWindow.TotalMinutes:0} minutes: check your token (a right one still signs in), or wait.", null, ""),
            StatusCodes.Status429TooManyRequests);
    }
}
