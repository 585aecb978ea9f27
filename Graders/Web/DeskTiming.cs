using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grader.Web;

/// <summary>
/// Where a request's time goes, per route (benchmark-only: <see cref="GradingDesk.Timing"/> is null in <c>grader serve</c>,
/// and then nothing is counted): the requests, their time in the app, and how long they waited for the desk's gradebook
/// lock and held it. The background writer's time is counted under <see cref="Background"/>.
/// </summary>
public sealed class DeskTiming
{
    /// <summary>The route name of the run files' background writer.</summary>
    public const string Background = "(run files writer)";

    private readonly ConcurrentDictionary<string, Counts> _routes = new(StringComparer.Ordinal);
    private readonly AsyncLocal<Counts?> _current = new();

    /// <summary>Counts what runs from here on (in this async flow) under <paramref name="route"/>, until the result is disposed.</summary>
    public Scope Route(string route)
    {
        var before = _current.Value;
        _current.Value = _routes.GetOrAdd(route, _ => new Counts());
        return new Scope(this, before, Stopwatch.GetTimestamp());
    }

    private readonly ConcurrentDictionary<string, Counts> _phases = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<(long Started, long Ended)> _writes = new();

    /// <summary>When each of the background writer's writes ran (<see cref="Stopwatch"/> timestamps): what a slow page ran beside.</summary>
    public IReadOnlyList<(long Started, long Ended)> Writes => _writes.ToArray();

    /// <summary>
    /// Counts the time until the result is disposed under the phase <paramref name="phase"/> of the background writer
    /// (a write's grades, its manual scores, each reporter's files) or of a student's page ("student page: …"): where a
    /// write's or a page's time goes.
    /// </summary>
    public Scope Phase(string phase) =>
        new(this, _current.Value, Stopwatch.GetTimestamp(), _phases.GetOrAdd(phase, _ => new Counts()), GC.GetAllocatedBytesForCurrentThread());

    /// <summary>The phase timer as the semester's writes take it (<see cref="Grader.Semester.SemesterGrades.PrepareRender"/>): null when nothing is counted.</summary>
    public static Func<string, IDisposable?>? Phases(DeskTiming? timing) => timing is null ? null : name => timing.Phase(name);

    /// <summary>Notes a wait for the lock and, once it is let go, how long it was held.</summary>
    internal void Waited(long ticks) => Interlocked.Add(ref (_current.Value ?? _routes.GetOrAdd("(other)", _ => new Counts())).WaitTicks, ticks);

    internal void WaitedToRead(long ticks) => Interlocked.Add(ref (_current.Value ?? _routes.GetOrAdd("(other)", _ => new Counts())).ReadWaitTicks, ticks);

    internal void Held(long ticks) => Interlocked.Add(ref (_current.Value ?? _routes.GetOrAdd("(other)", _ => new Counts())).HeldTicks, ticks);

    /// <summary>One line per route: requests, time in the app, lock wait and lock held (totals, milliseconds), busiest first.</summary>
    public IReadOnlyList<string> Lines() =>
        _routes.OrderByDescending(r => r.Value.TotalTicks).Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Key}: {r.Value.Requests} requests, {Ms(r.Value.TotalTicks):0} ms in the app, lock waited {Ms(r.Value.WaitTicks):0} ms, held {Ms(r.Value.HeldTicks):0} ms, waited for a read connection {Ms(r.Value.ReadWaitTicks):0} ms"))
        .Concat(_phases.OrderByDescending(p => p.Value.TotalTicks).Select(p => string.Create(CultureInfo.InvariantCulture,
            $"  phase {p.Key}: {p.Value.Requests} times, {Ms(p.Value.TotalTicks):0} ms, {p.Value.Allocated / 1e6:0} MB allocated")))
        .ToArray();

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The counting of one route's request; its end is the request's.</summary>
    public readonly struct Scope(DeskTiming timing, Counts? before, long started, Counts? phase = null, long allocated = 0) : IDisposable
    {
        public void Dispose()
        {
            if (phase is not null)
            {
                Interlocked.Increment(ref phase.Requests);
                Interlocked.Add(ref phase.TotalTicks, Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref phase.Allocated, GC.GetAllocatedBytesForCurrentThread() - allocated);
                return;
            }

            if (timing._current.Value is { } counts)
            {
                var ended = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref counts.Requests);
                Interlocked.Add(ref counts.TotalTicks, ended - started);
                if (timing._routes.TryGetValue(Background, out var writer) && ReferenceEquals(counts, writer))
                {
                    timing._writes.Enqueue((started, ended));
                }
            }

            timing._current.Value = before;
        }
    }

    /// <summary>One route's counters.</summary>
    public sealed class Counts
    {
        internal long Requests;
        internal long TotalTicks;
        internal long WaitTicks;
        internal long HeldTicks;
        internal long ReadWaitTicks;
        internal long Allocated;
    }
}
