using Grader.Checks.Results;
using System.Diagnostics;
using Grader.Cli.Grading;

namespace Grader.Cli.Progress;

/// <summary>The counts both progress views show: done, running, failed (timed out or crashed) and an estimate of the time left.</summary>
public sealed class ProgressCounts
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _total;
    private int _done;
    private int _running;
    private int _failed;

    public void Plan(int total) => Interlocked.Exchange(ref _total, total);

    public void Start() => Interlocked.Increment(ref _running);

    /// <summary>Counts a finished hand-in and returns the counts after it.</summary>
    public Snapshot Finish(HandinReport outcome)
    {
        Interlocked.Decrement(ref _running);
        if (outcome.Status is HandinStatus.TimedOut or HandinStatus.Crashed)
        {
            Interlocked.Increment(ref _failed);
        }

        Interlocked.Increment(ref _done);
        return Now();
    }

    public Snapshot Now()
    {
        int done = Volatile.Read(ref _done);
        int total = Volatile.Read(ref _total);
        TimeSpan? left = done == 0 ? null : TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / done * (total - done));
        return new Snapshot(done, total, Volatile.Read(ref _running), Volatile.Read(ref _failed), left);
    }

    /// <summary>The counts at one moment; <see cref="TimeLeft"/> is null until a hand-in has finished.</summary>
    public sealed record Snapshot(int Done, int Total, int Running, int Failed, TimeSpan? TimeLeft)
    {
        public string Left => TimeLeft is { } t ? (t.TotalMinutes >= 1 ? $"~{t.TotalMinutes:0} min" : $"~{t.TotalSeconds:0} s") : "?";
    }
}
