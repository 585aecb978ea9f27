using Grader.Checks.Results;

namespace Grader.Benchmarks.Cohort;

/// <summary>One grading of the whole cohort at one job count.</summary>
/// <param name="Round">The round (from 1).</param>
/// <param name="Jobs">Hand-ins graded at once (<c>-j</c>).</param>
/// <param name="Wall">Wall time of the pipeline's run: discovery, grading, every file and report written.</param>
/// <param name="LoadBefore">The load average just before the run.</param>
/// <param name="LoadAfter">The load average just after it.</param>
/// <param name="Handins">Each hand-in's time.</param>
public sealed record CohortRunResult(int Round, int Jobs, TimeSpan Wall, string LoadBefore, string LoadAfter, IReadOnlyList<CohortHandin> Handins)
{
    /// <summary>The grader's peak resident memory during the run, bytes (<see cref="Cohort.PeakMemory"/>).</summary>
    public long PeakGrader { get; init; }

    /// <summary>The largest peak resident memory of one host during the run, bytes.</summary>
    public long PeakHost { get; init; }

    /// <summary>Each check's cost in this run (<see cref="CheckCosts.Read"/>), most wall time first.</summary>
    public IReadOnlyList<CheckCosts> Checks { get; init; } = [];

    /// <summary>CPU time the grader process used during the run (<see cref="ProcessCpu"/>); null where it cannot be read.</summary>
    public TimeSpan? GraderCpu { get; init; }

    /// <summary>CPU time of the run's compile servers (<see cref="Grader.Runner.Compile.CompileBox.ServersCpu"/>); null where not measured.</summary>
    public TimeSpan? ServersCpu { get; init; }

    /// <summary>CPU time of the hosts (the reaped children other than the compile servers) during the run; null where it cannot be read.</summary>
    public TimeSpan? HostsCpu { get; init; }

    /// <summary>
    /// CPU time of the whole tree where the grader is itself a child (<c>cohort --process</c>): the grader, its compile
    /// servers and hosts, as this process's reaped-children time; null in process or where it cannot be read.
    /// </summary>
    public TimeSpan? TreeCpu { get; init; }

    /// <summary>All the CPU time the run used: <see cref="TreeCpu"/>, else grader, compile servers and hosts together; null where unknown.</summary>
    public TimeSpan? Cpu => TreeCpu ?? (GraderCpu is { } g && HostsCpu is { } h ? g + (ServersCpu ?? TimeSpan.Zero) + h : null);

    /// <summary>Hand-ins graded per minute of CPU time (<see cref="Cpu"/>): what a loaded machine inflates least.</summary>
    public double? PerCpuMinute => Cpu is { } c && c > TimeSpan.Zero ? Handins.Count / c.TotalMinutes : null;

    /// <summary>Hand-ins graded per minute of wall time.</summary>
    public double PerMinute => Handins.Count / Wall.TotalMinutes;

    /// <summary>How many hand-ins ended with <paramref name="status"/>.</summary>
    public int Count(HandinStatus status) => Handins.Count(h => h.Status == status);
}
