using Grader.Checks.Catalog;

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

    /// <summary>The tutor's folder of image data (<c>--data DIR</c>), or null for the installed Fashion-MNIST (<see cref="Checking.CheckContext.DataDirectory"/>).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>How long one check may run; a check still running then is failed ("timed out after N s").</summary>
    public TimeSpan CheckTimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Which due checks run; null runs all. A check left out gets no verdict in the report (its task's
    /// <see cref="Results.TaskResult.NotRun"/> counts it): a grading worker that resumes after a crash leaves out the
    /// checks that already reported.
    /// </summary>
    public Func<TaskSpec, CheckSpec, bool>? Include { get; init; }

    /// <summary>The resolver of a fresh process of the same hand-in (<see cref="Checking.CheckContext.Fresh"/>); null in process.</summary>
    public Func<Type, object?>? Fresh { get; init; }

    /// <summary>Called once the hand-in is compiled (or failed to), before any check runs.</summary>
    public Action<CompileResult>? OnCompiled { get; init; }

    /// <summary>Called as each check starts (a worker reports it, so that its parent knows which check a hang or crash hit).</summary>
    public Action<TaskSpec, CheckSpec>? OnCheckStarting { get; init; }

    /// <summary>Called with each verdict as soon as its check ends.</summary>
    public Action<TaskSpec, CheckVerdict>? OnCheckFinished { get; init; }
}
