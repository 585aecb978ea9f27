namespace Grader.Cli.Grading;

/// <summary>What a grading run was: the settings that decide the scores, and where and how long it ran.</summary>
/// <param name="Seed">The grader's seed.</param>
/// <param name="Sheets">The graded sheets; null for all.</param>
/// <param name="VisibleOnly">True when only visible checks ran (a student's CI).</param>
/// <param name="Shard">"k/N" when this run graded a slice; null for the whole cohort.</param>
/// <param name="Jobs">Worker processes at once.</param>
/// <param name="Worker">How hand-ins were isolated ("child process", "bubblewrap").</param>
/// <param name="Started">When the run began (UTC).</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Version">The grader's version.</param>
public sealed record RunInfo(
    ulong Seed,
    IReadOnlyList<string>? Sheets,
    bool VisibleOnly,
    string? Shard,
    int Jobs,
    string Worker,
    DateTimeOffset Started,
    TimeSpan Elapsed,
    string Version);
