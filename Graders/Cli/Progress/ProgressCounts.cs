using System.Diagnostics;

namespace Grader.Cli.Progress;

/// <summary>
/// The counts both progress views show: done, running, failed (timed out or crashed) and an estimate of the time left.
/// The estimate is the hand-ins not yet finished times the mean time one hand-in took, less the time the running ones
/// have already had, shared over the hand-ins that run at once (dividing the time since the display was made by the
/// hand-ins done counted the start-up before the first hand-in and ignored that several run at once).
/// </summary>
public sealed class ProgressCounts
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, TimeSpan> _startedAt = new(StringComparer.Ordinal);
    private TimeSpan _finishedTime;
    private int _total;
    private int _done;
    private int _running;
    private int _mostAtOnce;
    private int _failed;

    public void Plan(int total)
    {
        lock (_startedAt)
        {
            _total = total;
        }
    }

    /// <summary>Counts a hand-in that started.</summary>
    public void Start(string student)
    {
        lock (_startedAt)
        {
            _startedAt[student] = _clock.Elapsed;
            _running++;
            _mostAtOnce = Math.Max(_mostAtOnce, _running);
        }
    }

    /// <summary>Counts a finished hand-in and returns the counts right after it (each finish its own Done).</summary>
    public Snapshot Finish(HandinReport outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_startedAt)
        {
            if (_startedAt.Remove(outcome.Student, out var started))
            {
                _finishedTime += _clock.Elapsed - started;
            }

            _running--;
            _done++;
            if (outcome.Status is HandinStatus.TimedOut or HandinStatus.Crashed)
            {
                _failed++;
            }

            // Inside the lock: taken after it, two hand-ins finishing at once both showed the second one's count ([2/2] twice).
            return Now();
        }
    }

    public Snapshot Now()
    {
        lock (_startedAt)
        {
            TimeSpan? left = null;
            if (_done > 0)
            {
                var mean = _finishedTime / _done;
                var now = _clock.Elapsed;
                var underway = _startedAt.Values.Aggregate(TimeSpan.Zero, (sum, started) => sum + (now - started));
                var work = mean * (_total - _done) - underway;
                left = work > TimeSpan.Zero ? work / Math.Max(1, _mostAtOnce) : TimeSpan.Zero;
            }

            return new Snapshot(_done, _total, _running, _failed, left);
        }
    }

    /// <summary>The counts at one moment; <see cref="TimeLeft"/> is null until a hand-in has finished.</summary>
    public sealed record Snapshot(int Done, int Total, int Running, int Failed, TimeSpan? TimeLeft)
    {
        public string Left => TimeLeft is { } t ? (t.TotalMinutes >= 1 ? $"~{t.TotalMinutes:0} min" : $"~{t.TotalSeconds:0} s") : "?";
    }
}
