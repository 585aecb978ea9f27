using Grader.Runner.Host;




namespace Grader.Benchmarks.Cohort;

/// <summary>
/// The CPU time (user + system) this process has used itself and the CPU time of its children that have ended and been
/// waited for (every host the pipeline started and reaped), from <c>/proc/self/stat</c> through
/// <see cref="HostCpu.Times"/>. A difference of two readings around a run is the run's CPU cost, which a loaded machine
/// inflates far less than its wall time. Null where <c>/proc</c> cannot be read.
/// </summary>
public static class ProcessCpu
{
    /// <summary>(this process, its reaped children), or null.</summary>
    public static (TimeSpan Self, TimeSpan Children)? Read() =>
        HostCpu.Times(Environment.ProcessId) is { } t
            ? (Seconds(t.Own), Seconds(t.Reaped))
            : null;

    private static TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds((double)ticks / HostCpu.TicksPerSecond);
}
