namespace Grader.Checks.Results;

/// <summary>Where the time of one hand-in went.</summary>
/// <param name="Total">Wall time from the start of compiling to the last result.</param>
/// <param name="Startup">Wall time spent starting worker processes until each said it was ready (summed over restarts).</param>
/// <param name="Compile">Wall time of compiling the hand-in (once, in the grader).</param>
/// <param name="Checks">Wall time inside checks (a check shared by two tasks counted once).</param>
/// <param name="WorkerRuns">How many worker processes it took (more than one after a timeout or a crash: the rest of the checks run in a fresh one).</param>
public sealed record HandinTiming(TimeSpan Total, TimeSpan Startup, TimeSpan Compile, TimeSpan Checks, int WorkerRuns)
{
    public static readonly HandinTiming None = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
}
