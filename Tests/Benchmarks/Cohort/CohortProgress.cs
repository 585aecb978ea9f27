using Grader.Checks.Results;
using Grader.Cli.Progress;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// Watches one cohort run: measures each hand-in from "started" to "finished" and prints a line as each one ends,
/// with the time since the watcher was made (just before the run).
/// Thread-safe (hand-ins finish on worker threads).
/// </summary>
public sealed class CohortProgress(string label) : IGradingProgress
{
    private readonly Dictionary<string, Stopwatch> _running = new(StringComparer.Ordinal);
    private readonly List<CohortHandin> _done = [];
    private readonly Stopwatch _run = Stopwatch.StartNew();
    private int _planned;

    /// <summary>The hand-ins finished so far, in the order they finished.</summary>
    public IReadOnlyList<CohortHandin> Done
    {
        get { lock (_done) return _done.ToArray(); }
    }

    public void Planned(int toGrade, int reused, int refused)
    {
        _planned = toGrade;
        if (reused > 0 || refused > 0)
            Console.WriteLine($"{label}: {reused} reused, {refused} refused (expected 0 and 0)");
    }

    public void Started(string student)
    {
        lock (_running) _running[student] = Stopwatch.StartNew();
    }

    public void Finished(HandinReport outcome, bool keptEarlier)
    {
        TimeSpan total;
        lock (_running) total = _running.Remove(outcome.Student, out var clock) ? clock.Elapsed : outcome.Timing.Total + outcome.Timing.Compile;
        int count;
        lock (_done)
        {
            _done.Add(new CohortHandin(outcome.Student, outcome.Status, total, outcome.Timing, ChecksOnce(outcome)));
            count = _done.Count;
        }

        var seconds = total.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var at = _run.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{label} [{count}/{_planned}] {outcome.Student}: {outcome.Status}, {seconds} s, {outcome.Timing.WorkerRuns} worker run(s); done at {at} s"
            + (outcome.Status is HandinStatus.TimedOut or HandinStatus.Crashed && outcome.Reason is { } why ? $" ({why})" : ""));
    }

    /// <summary>Time inside checks with each check counted once (a check shared by two tasks runs once and is reported twice).</summary>
    private static TimeSpan ChecksOnce(HandinReport outcome) =>
        TimeSpan.FromTicks(outcome.Tasks.SelectMany(t => t.Checks)
            .GroupBy(c => c.CheckId, StringComparer.Ordinal)
            .Sum(g => g.Max(c => c.Elapsed).Ticks));
}
