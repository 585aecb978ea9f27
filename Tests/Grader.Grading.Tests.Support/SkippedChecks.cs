namespace Grader.Grading.Tests.Support;

/// <summary>
/// The <c>--skip-check</c> arguments that keep a grading run cheap: the grading, semester and web tests grade a sheet with
/// only a few tasks' checks (moved here from <c>SemesterTests</c> when the Grading and Semester tests became projects of
/// their own, issue 69; the projects import it with a static using).
/// </summary>
internal static class SkippedChecks
{
    /// <summary>Every check of the sheet except those of <paramref name="keep"/>: the run stays cheap.</summary>
    public static IEnumerable<string> SkipAllBut(string sheet, string[] keep)
    {
        var tasks = TutorCatalog.Default.TasksOf(sheet);
        var kept = tasks.Where(t => keep.Contains(t.Id)).SelectMany(t => t.Checks).Select(c => c.Check.Id).ToHashSet();
        return tasks.Where(t => !keep.Contains(t.Id)).SelectMany(t => t.Checks).Select(c => c.Check.Id).Where(id => !kept.Contains(id)).Distinct()
            .SelectMany(id => new[] { "--skip-check", id });
    }
}
