namespace Grader.Grading;

/// <summary>What decides a hand-in's verdicts (and so whether a stored result can be reused): the frozen configuration and the workers' limits.</summary>
/// <param name="Config">The catalog, the assignment, the due checks, the seed and the snapshots.</param>
/// <param name="Limits">Time, memory and output limits of the workers.</param>
public sealed record GradeSettings(GradingConfig Config, WorkerLimits Limits)
{
    /// <summary>The <c>[semester]</c> of the course file (<see cref="GradingConfig.CourseFile"/>: its groups and tutorials, a group course's outputs have one row per student); null without one.</summary>
    public Courses.CourseSemester? Semester { get; init; }

    /// <summary>
    /// A hash of everything a stored result depends on: the configuration (<see cref="GradingConfig.Fingerprint"/>), the
    /// check time limit, the CPU budget of a call and the build of the grader. A stored result with another fingerprint is graded again.
    /// </summary>
    public string Fingerprint() => Config.Fingerprint(string.Create(CultureInfo.InvariantCulture,
        $"check-time={Limits.CheckTime.TotalSeconds};call-cpu={Limits.CallCpuBudget?.TotalSeconds};cli={typeof(GradeSettings).Assembly.ManifestModule.ModuleVersionId}/{typeof(WorkerLimits).Assembly.ManifestModule.ModuleVersionId}"));
}
