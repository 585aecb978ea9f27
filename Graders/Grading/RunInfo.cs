namespace Grader.Grading;

/// <summary>What a grading run was, as its reports show it and <c>run.json</c> keeps it: the settings that decide the scores, and where and how long it ran.</summary>
/// <param name="Assignment">The graded assignment's sheet id.</param>
/// <param name="Seed">The grader's seed.</param>
/// <param name="VisibleOnly">True when only visible checks ran (a student's CI).</param>
/// <param name="LeftOut">Check ids left out by the tutor (<c>--skip-check</c>).</param>
/// <param name="Shard">"k/N" when this run graded a slice; null for the whole cohort.</param>
/// <param name="Jobs">Worker processes at once.</param>
/// <param name="Worker">How hand-ins were isolated ("child process", "bubblewrap").</param>
/// <param name="Started">When the run began (UTC).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Version">The grader's version.</param>
public sealed record RunInfo(
    string Assignment,
    ulong Seed,
    bool VisibleOnly,
    IReadOnlyList<string> LeftOut,
    string? Shard,
    int Jobs,
    string Worker,
    DateTimeOffset Started,
    TimeSpan Elapsed,
    string Version)
{
    /// <summary>The course file the run's catalog was read from (<c>--course</c>), or null for the shipped courses.</summary>
    public string? Course { get; init; }

    /// <summary>The SHA-256 of <see cref="Course"/> as the run read it.</summary>
    public string? CourseSha256 { get; init; }

    /// <summary>
    /// The fingerprint of <see cref="Course"/>'s catalog part for the graded sheet (<see cref="Grader.Checks.Courses.CatalogFingerprint"/>): what
    /// <see cref="RunCourse"/> checks a course file against, so an edit of the semester part keeps the run. Null for the
    /// shipped courses and for runs older than it (their file's SHA-256 is checked instead), and then not written.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Grader.Checks.Courses.CatalogFingerprint? CourseCatalog { get; init; }

    /// <summary>The record of a run of <paramref name="config"/>.</summary>
    public static RunInfo Of(GradingConfig config, string? shard, int jobs, string worker, DateTimeOffset started, TimeSpan elapsed, string version)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new RunInfo(config.Assignment.Id, config.Seed, config.VisibleOnly, [.. config.LeftOut.Order(StringComparer.Ordinal)], shard, jobs, worker, started, elapsed, version)
        {
            Course = config.CourseFile,
            CourseSha256 = config.CourseSha256,
            CourseCatalog = config.CoursePin,
        };
    }
}
