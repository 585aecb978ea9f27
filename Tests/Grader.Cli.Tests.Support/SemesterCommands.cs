namespace Grader.Cli.Tests.Support;

/// <summary>
/// The semester's tests' steps, shared with grader serve's: the grader run in process (and required to succeed), a
/// hand-in folder written from files, a correct example's files, a filled rubric CSV, and the cheapest tasks of sheets
/// 000 and 002 (used with <c>--tasks</c> to keep a semester's grading short).
/// </summary>
internal static class SemesterCommands
{
    public static readonly string[] Cheap000 = ["000/3a/loss-functions", "000/3e/generative-losses"];
    public static readonly string[] Cheap002 = ["002/p4b/beta-above-one", "002/p4c/beta-equal-one", "002/p4d/invalid-schedules"];

    public static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);

    public static async Task<string> Ok(params string[] args)
    {
        var (code, text, error) = await Grader(args);
        code.Should().Be(ExitCodes.Done, $"grader {string.Join(' ', args)}: {text}{error}");
        return text;
    }

    public static void Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    public static Dictionary<string, string> Example(string folder, params string[] names) =>
        names.ToDictionary(n => n, n => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", folder, n)));

    /// <summary>A tutor's filled rubric CSV (<c>--manual</c>): one row per student and manual item with the points given, no comment.</summary>
    public static string FilledRubric(IEnumerable<(string Student, string Task, ManualItem Item, double Points)> rows) =>
        Csv.Record(["student", "task", "item", "max_points", "points", "comment", "rubric"])
        + string.Concat(rows.Select(r => Csv.Record([r.Student, r.Task, r.Item.Id, Csv.Number(r.Item.Points), Csv.Number(r.Points), "", ""])));
}
