using System.Buffers.Text;
using System.Security.Cryptography;

namespace Grader.Web;

/// <summary>
/// The open sessions of <c>grader serve</c> (tutors' and students'), server-side (issue 81): a session's cookie carries a
/// random id (<see cref="TutorServer.SessionClaim"/>) that must be in this table on every request, so signing out ends the
/// session itself, not just the browser's copy of its cookie (a cookie copied before is refused after). A reissued or
/// removed token ends its sessions through the stamp check beside this one (<see cref="TutorToken.Stamp"/>), which reads
/// the gradebook a <c>grader serve … add/remove/tokens</c> of another process wrote. In memory, as the cookies' keys
/// are: a restart signs everyone out, as it did before. A session unused for <see cref="Idle"/> is gone; at most
/// <see cref="MaxSessions"/> are kept (the stalest go first).
/// </summary>
public sealed class SessionTable
{
    /// <summary>The most sessions kept at once.</summary>
    public const int MaxSessions = 100_000;

    private readonly Dictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;

    /// <summary>Sessions that end when unused for <paramref name="idle"/> (the cookies' own sliding lifetime).</summary>
    public SessionTable(TimeSpan idle, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        Idle = idle;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long an unused session lives.</summary>
    public TimeSpan Idle { get; }

    /// <summary>How many sessions are open.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Opens a session of <paramref name="name"/> under <paramref name="scheme"/>; returns its id (128 random bits) for the cookie.</summary>
    public string Open(string scheme, string name)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(name);
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (_sessions.Count >= MaxSessions)
            {
                Forget(now);
            }

            _sessions[id] = new Entry(scheme, name, now);
        }

        return id;
    }

    /// <summary>True while <paramref name="id"/> is an open session of <paramref name="name"/> under <paramref name="scheme"/>, used within <see cref="Idle"/>; counts as a use.</summary>
    public bool IsOpen(string? id, string scheme, string name)
    {
        if (id is null)
        {
            return false;
        }

        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (!_sessions.TryGetValue(id, out var entry))
            {
                return false;
            }

            if (now - entry.Seen >= Idle)
            {
                _sessions.Remove(id);
                return false;
            }

            if (entry.Scheme != scheme || entry.Name != name)
            {
                return false;
            }

            _sessions[id] = entry with { Seen = now };
            return true;
        }
    }

    /// <summary>Ends the session <paramref name="id"/> (nothing when it is not open).</summary>
    public void End(string? id)
    {
        if (id is null)
        {
            return;
        }

        lock (_lock)
        {
            _sessions.Remove(id);
        }
    }

    /// <summary>Makes room: drops every idle session, then, if still full, the stalest half.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var id in _sessions.Where(s => now - s.Value.Seen >= Idle).Select(s => s.Key).ToArray())
        {
            _sessions.Remove(id);
        }

        if (_sessions.Count >= MaxSessions)
        {
            foreach (var id in _sessions.OrderBy(s => s.Value.Seen).Take(_sessions.Count / 2).Select(s => s.Key).ToArray())
            {
                _sessions.Remove(id);
            }
        }
    }

    private readonly record struct Entry(string Scheme, string Name, DateTimeOffset Seen);
}
