using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Grader.Web;

/// <summary>
/// Signing in and out of <c>grader serve</c>, tutors' and students' alike (issue 81). A token is checked inside a gate
/// of <see cref="TutorServer.SignInChecksAtOnce"/> places (a guessing storm from any number of addresses costs at most
/// that many checks at once; the rest are answered 503 within <see cref="TutorServer.SignInWait"/>), never a class-wide
/// lock-out. Wrong tokens are counted per client (<see cref="SignInFailures"/>, keyed by the real client's address:
/// the forwarded one behind a trusted proxy); a client past the limit gets 429 for its wrong tokens and no wait for the
/// gate, but a right token always signs in: the address may be a NAT or a lecture hall's, and someone else's typos
/// must never keep a student out (the tokens' 256 bits are what protects them, not the limit). A session is a row of
/// <see cref="SessionTable"/> whose id the cookie carries, checked with the token's stamp on every request (at most
/// <see cref="GradingDesk.ReadConnections"/> stamp reads at once, the others awaiting their turn) and ended by signing out.
/// </summary>
public sealed class SignIns(SignInFailures failures, RequestGate checks, SessionTable sessions)
{
    private readonly SemaphoreSlim _stampChecks = new(GradingDesk.ReadConnections);

    /// <summary>Wrong tokens per client.</summary>
    public SignInFailures Failures { get; } = failures ?? throw new ArgumentNullException(nameof(failures));

    /// <summary>The gate every token check runs in.</summary>
    public RequestGate Checks { get; } = checks ?? throw new ArgumentNullException(nameof(checks));

    /// <summary>The open sessions.</summary>
    public SessionTable Sessions { get; } = sessions ?? throw new ArgumentNullException(nameof(sessions));

    /// <summary>
    /// Checks the form's token with <paramref name="check"/> (the owner and their token's stamp, or null); a right one
    /// opens a session under <paramref name="scheme"/> and redirects to <paramref name="back"/>, a wrong one is counted
    /// and answered by <paramref name="wrong"/> (401), or 429 once the client is past the limit.
    /// </summary>
    public Task SignInAsync(HttpContext context, string token, string scheme, Func<string, (string Name, string Stamp)?> check, Func<Task> wrong, string back)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(wrong);
        var client = TutorServer.Address(context);
        var blocked = Failures.Blocked(client);
        return Checks.RunAsync(context, async () =>
        {
            if (check(token) is not { } owner)
            {
                Failures.Failed(client);
                await (blocked ? TutorServer.TooManySignIns(context) : wrong());
                return;
            }

            var id = Sessions.Open(scheme, owner.Name);
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, owner.Name), new Claim(TutorServer.StampClaim, owner.Stamp), new Claim(TutorServer.SessionClaim, id)], scheme);
            await context.SignInAsync(scheme, new ClaimsPrincipal(identity));
            context.Response.Redirect(back);
        }, blocked ? TimeSpan.Zero : null);
    }

    /// <summary>Ends the signed-in session of <paramref name="scheme"/> on the server and in the browser.</summary>
    public async Task SignOutAsync(HttpContext context, string scheme)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(scheme);
        Sessions.End(result.Principal?.FindFirst(TutorServer.SessionClaim)?.Value);
        await context.SignOutAsync(scheme);
    }

    /// <summary>
    /// Every request of a session: its id still open in <see cref="Sessions"/> and its stamp still its owner's token's
    /// (<paramref name="isSession"/>: false once the token is reissued or its owner removed); else the session ends.
    /// </summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context, string scheme, Func<string, string, bool> isSession)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(isSession);
        var principal = context.Principal;
        var id = principal?.FindFirst(TutorServer.SessionClaim)?.Value;
        if (principal?.Identity?.Name is { } name && principal.FindFirst(TutorServer.StampClaim)?.Value is { } stamp && Sessions.IsOpen(id, scheme, name))
        {
            // The stamp is read from the gradebook (a read connection, or the desk's lock): awaited here, so that 500
            // requests arriving at once queue without holding a thread each, while at most a few reads run.
            await _stampChecks.WaitAsync(context.HttpContext.RequestAborted);
            bool current;
            try
            {
                current = isSession(name, stamp);
            }
            finally
            {
                _stampChecks.Release();
            }

            if (current)
            {
                return;
            }
        }

        Sessions.End(id);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(scheme);
    }
}
