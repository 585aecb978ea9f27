namespace Grader.Cli.Semester;

/// <summary>The output folder of a finished <c>grader grade</c> run, read back (its <c>run.json</c> and the tutor's records) as the run's summary.</summary>
public static class RecordedRun
{
    /// <summary>The summary of the run in <paramref name="folder"/>; refuses a folder that is not a finished run's output or is a shard's.</summary>
    public static GradingSummary Load(string folder, CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var full = Path.GetFullPath(folder);
        var run = (Directory.Exists(full) ? RunFile.Load(full) : null)
            ?? throw new CourseFileException($"'{full}' is not the output folder of a finished 'grader grade' run (it has no readable {RunFile.FileName}).");
        if (run.Run.Shard is { } shard)
        {
            throw new CourseFileException($"'{full}' holds only the shard {shard} of a run; record the folder 'grader merge' joined the shards into.");
        }

        var assignment = catalog.FindAssignment(run.Run.Assignment)
            ?? throw new CourseFileException($"'{full}' was graded for sheet {run.Run.Assignment}, which this grader's catalog does not have.");
        var config = new GradingConfig(catalog, assignment, run.Run.Seed, run.Run.VisibleOnly, run.Run.LeftOut.ToHashSet(StringComparer.Ordinal), SnapshotRoot: "");
        var store = new ResultStore(full);
        var reports = run.Students
            .Select(s => store.Load(s) ?? throw new CourseFileException($"'{full}' lists {s}, but {store.RecordPath(s)} is missing or unreadable."))
            .Select(r => r.ToReport(config))
            .ToArray();
        return new GradingSummary(assignment, reports, run.Problems, new ManualGrades(run.Manual), run.Run);
    }
}
