using Microsoft.AspNetCore.Http;

namespace Grader.Web;

/// <summary>
/// At most <see cref="AtOnce"/> requests inside, the others wait at most <see cref="Wait"/> and are then answered 503
/// with Retry-After (issue 81): a wait never lasts as long as a client likes, and nobody queues forever behind a storm.
/// Entered only once a request's body is read and its session checked, so a client that sends slowly holds a
/// connection of its own, never a place inside.
/// </summary>
public sealed class RequestGate
{
    /// <summary>The Retry-After of a busy answer, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly SemaphoreSlim _slots;
    private readonly string _busy;

    /// <param name="atOnce">How many requests run inside at once.</param>
    /// <param name="wait">How long a request waits for a place before it is answered 503.</param>
    /// <param name="busy">What the 503 page says.</param>
    public RequestGate(int atOnce, TimeSpan wait, string busy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(atOnce);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        _slots = new SemaphoreSlim(atOnce);
        AtOnce = atOnce;
        Wait = wait;
        _busy = busy ?? throw new ArgumentNullException(nameof(busy));
    }

    /// <summary>How many requests run inside at once.</summary>
    public int AtOnce { get; }

    /// <summary>The longest a request waits for a place.</summary>
    public TimeSpan Wait { get; }

    /// <summary>Runs <paramref name="inside"/> once a place is free within <paramref name="wait"/> (default <see cref="Wait"/>); else answers 503 and returns false.</summary>
    public async Task<bool> RunAsync(HttpContext context, Func<Task> inside, TimeSpan? wait = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inside);
        if (!await _slots.WaitAsync(wait ?? Wait, context.RequestAborted))
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await TutorServer.Page(context, ServePages.Problem("Busy", _busy, null, ""), StatusCodes.Status503ServiceUnavailable);
            return false;
        }

        try
        {
            await inside();
            return true;
        }
        finally
        {
            _slots.Release();
        }
    }
}
