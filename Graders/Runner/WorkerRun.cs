namespace Grader.Runner;

/// <summary>What one worker process reported before it ended, and how it ended.</summary>
/// <param name="Verdicts">The verdicts it reported, in order (already sanitised).</param>
/// <param name="End">How it ended.</param>
/// <param name="RunningKey">The check that had started and not reported when it ended; null when none.</param>
/// <param name="ExitCode">The process's exit code, when it exited by itself.</param>
/// <param name="Log">The tail of what it wrote to stderr (the hand-in's prints land there) and any stray stdout lines.</param>
/// <param name="Startup">From launch to its "ready" line.</param>
/// <param name="Elapsed">From launch to exit.</param>
public sealed record WorkerRun(
    IReadOnlyList<CheckVerdict> Verdicts,
    WorkerEnd End,
    string? RunningKey,
    int? ExitCode,
    string Log,
    TimeSpan Startup,
    TimeSpan Elapsed)
{
    /// <summary>When it was stopped because a check timed out or a call used up its CPU budget: the call into the hand-in to blame, if one is (<see cref="ExhaustedCall.Pick"/>, <see cref="ExhaustedCall.OverCpu"/>).</summary>
    public ExhaustedCall? StoppedBy { get; init; }

    /// <summary>Calls into the hand-in that threw OutOfMemoryException during this run (<see cref="ExhaustedCall.OutOfMemory"/>): later workers refuse them too.</summary>
    public IReadOnlyList<ExhaustedCall> OutOfMemory { get; init; } = [];

    /// <summary>The wall time its training calls added to the hand-in's time (<see cref="CallCpu.HangGuard"/>): the hand-in's wall-clock limit is a hang guard too.</summary>
    public TimeSpan HangGuard { get; init; }
}
