namespace Grader.Web;

/// <summary>
/// Wrong tokens per client over a sliding window, for every sign-in of <c>grader serve</c> (tutors' and students'): a
/// wrong token counts, a right one does not; once a client (its address: the forwarded one behind a trusted proxy,
/// <see cref="TutorServer.Address"/>) has given <see cref="Limit"/> wrong tokens within <see cref="Window"/>, its further
/// wrong tokens are answered 429 until its oldest failure leaves the window, while a right token still signs in
/// (<see cref="SignIns"/>: the address may be many students'). Tokens are 256-bit random, so guessing one is hopeless
/// anyway: this bounds the noise a guesser makes, and <see cref="SignIns"/>' gate bounds the work. At most
/// <see cref="MaxAddresses"/> addresses are remembered (the expired ones are dropped first, then the stalest).
/// </summary>
public sealed class SignInFailures
{
    /// <summary>The most addresses remembered at once (each holds at most <see cref="Limit"/> times).</summary>
    public const int MaxAddresses = 100_000;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;

    /// <summary>Counts wrong tokens per address: <paramref name="limit"/> within <paramref name="window"/>.</summary>
    public SignInFailures(int limit, TimeSpan window, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Limit = limit;
        Window = window;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Wrong tokens an address may give within <see cref="Window"/>.</summary>
    public int Limit { get; }

    /// <summary>The sliding window the failures are counted over.</summary>
    public TimeSpan Window { get; }

    /// <summary>True when <paramref name="address"/> has given <see cref="Limit"/> wrong tokens within the window: answer its wrong tokens 429.</summary>
    public bool Blocked(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_lock)
        {
            return Recent(address, _clock.GetUtcNow()) is { } times && times.Count >= Limit;
        }
    }

    /// <summary>Counts a wrong token from <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (Recent(address, now) is not { } times)
            {
                if (_failures.Count >= MaxAddresses)
                {
                    Forget(now);
                }

                times = new Queue<DateTimeOffset>();
                _failures[address] = times;
            }

            times.Enqueue(now);
            while (times.Count > Limit)
            {
                times.Dequeue();
            }
        }
    }

    /// <summary>The address's failures within the window (older ones dropped); null when it has none.</summary>
    private Queue<DateTimeOffset>? Recent(string address, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(address, out var times))
        {
            return null;
        }

        while (times.Count > 0 && now - times.Peek() >= Window)
        {
            times.Dequeue();
        }

        if (times.Count == 0)
        {
            _failures.Remove(address);
            return null;
        }

        return times;
    }

    /// <summary>Makes room: drops every expired address, then, if still full, the half whose last failure is oldest.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var address in _failures.Keys.ToArray())
        {
            Recent(address, now);
        }

        if (_failures.Count >= MaxAddresses)
        {
            foreach (var address in _failures.OrderBy(f => f.Value.Last()).Take(_failures.Count / 2).Select(f => f.Key).ToArray())
            {
                _failures.Remove(address);
            }
        }
    }
}
