using Grader.Checks.Results;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// Where one hand-in's time went in a cohort run. <paramref name="Total"/> is measured by the benchmark from the
/// pipeline's "started" to its "finished" (compile, workers, and writing the student's files);
/// <see cref="HandinTiming.Total"/> starts only after the compile, so it is not used for the total.
/// <paramref name="Checks"/> counts each check once: a check shared by two tasks (sheets 000 and 001 share exercise 1)
/// runs once but is reported for both tasks with the same time, which <see cref="HandinTiming.Checks"/> sums twice.
/// </summary>
/// <param name="Student">The student.</param>
/// <param name="Status">How grading ended.</param>
/// <param name="Total">Wall time of the hand-in in the pipeline, as above.</param>
/// <param name="Timing">The pipeline's own breakdown.</param>
/// <param name="Checks">Wall time inside checks, each check counted once.</param>
public sealed record CohortHandin(string Student, HandinStatus Status, TimeSpan Total, HandinTiming Timing, TimeSpan Checks)
{
    /// <summary>
    /// The rest: <see cref="Total"/> less worker startup, compile and checks. It holds the workers' own work around the
    /// checks (loading the image, running a hand-in's catalog), killed checks (a killed check reports no time), the
    /// parent's watching and the files written.
    /// </summary>
    public TimeSpan Other => Total - Timing.Startup - Timing.Compile - Checks;
}
