namespace Grader.Runner;

/// <summary>How one worker process ended.</summary>
public enum WorkerEnd
{
    /// <summary>It reported every check it was asked for, and exited.</summary>
    Done,

    /// <summary>A check ran past <see cref="WorkerLimits.CheckTime"/>; the worker was killed.</summary>
    CheckTimedOut,

    /// <summary>A call into the hand-in used more than <see cref="WorkerLimits.CallCpuBudget"/> of CPU time (<see cref="CallCpu"/>); the worker was killed.</summary>
    CallOverCpu,

    /// <summary>The hand-in's time (<see cref="WorkerLimits.HandinTime"/>) ran out; the worker was killed.</summary>
    HandinTimedOut,

    /// <summary>It wrote more than <see cref="WorkerLimits.OutputBytes"/>; it was killed.</summary>
    OutputLimit,

    /// <summary>It ended without saying it was done (a stack overflow, an exit or FailFast from the hand-in, an OS kill).</summary>
    Crashed,

    /// <summary>It could not be started at all (a fault of the grader's installation, not of the hand-in).</summary>
    StartFailed,
}
