namespace Grader.Checks.Grading;

/// <summary>What <see cref="HandinGrader.Grade"/> runs, and how.</summary>
public sealed record GradeOptions
{
    /// <summary>All sheets, all checks, the default seed, <c>fixtures/snapshots</c>, 60 s per check.</summary>
    public static readonly GradeOptions Default = new();

    /// <summary>The sheets to grade ("000" … "004"); null grades every sheet of the catalog.</summary>
    public IReadOnlyList<string>? Sheets { get; init; }

    /// <summary>True runs only visible checks (the student's self-check); hidden checks' points are reported as not run.</summary>
    public bool VisibleOnly { get; init; }

    /// <summary>The grader's seed; each check gets <see cref="HandinGrader.CheckSeed"/> of it and its id.</summary>
    public ulong Seed { get; init; } = 20240917;

    /// <summary>The folder of approved snapshots (fixtures/snapshots).</summary>
    public string SnapshotRoot { get; init; } = Path.Combine("fixtures", "snapshots");

    /// <summary>How long one check may run; a check still running then is failed ("timed out after N s").</summary>
    public TimeSpan CheckTimeLimit { get; init; } = TimeSpan.FromSeconds(60);
}
