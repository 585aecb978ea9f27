using System.Text.Json;
using System.Xml.Linq;
using System.Text.RegularExpressions;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// Issue 69, item 4: one maximum and the refused hand-in's grade. Sheet 000 is graded for carol (a hand-in that does not
/// compile: every due check fails without running) and eve (a corrupt zip: refused at intake), with a rubric that scores
/// one manual item of each, once with every check and once with all but the cheap checks left out (<c>--skip-check</c>).
/// Each run is recorded in a semester of its own. The maximum is the run's in feedback.md, gradebook.csv, results.json,
/// junit.xml, summary.md and <c>semester totals</c> alike (the catalog's without --skip-check, less with it), and eve's
/// manual score is in gradebook.csv, gradebook-lms.csv, junit.xml and <c>semester totals</c> (before: dropped silently).
/// </summary>
[NonParallelizable]
public sealed class OneMaximumTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task Every_output_prints_the_runs_maximum_and_a_refused_students_manual_score(bool skipChecks)
    {
        using var scratch = new Scratch();
        string Root(string name) => Path.Combine(scratch.Root, name);
        var handins = Root("s000");
        Write(Path.Combine(handins, "carol"), new Dictionary<string, string> { ["Broken.cs"] = "namespace Broken; public class Nothing { this does not compile }" });
        File.WriteAllText(Path.Combine(handins, "eve.zip"), "not a zip at all");

        var item = CommonOptions.Catalog.TasksOf("000").SelectMany(t => t.Manual.Select(m => (Task: t.Id, Item: m))).First();
        var given = item.Item.Points / 2;
        File.WriteAllText(Root("rubric.csv"), FilledRubric(new[] { "carol", "eve" }.Select(student => (student, item.Task, item.Item, given))));
        var course = new TestCourseFile("One maximum", ["carol", "eve"], [("000", "2099-11-02T12:00Z")]).WriteTo(Root("course.toml"));

        var run = Root("run000");
        string[] skip = skipChecks ? [.. SkipAllBut("000", Cheap000)] : [];
        var (code, graded, error) = await SemesterCommands.Grader(["grade", handins, "--out", run, "--sheet", "000", "--manual", Root("rubric.csv"), "--plain", "--jobs", "2",
            "--snapshots", TestSettings.Snapshots, "--seed", "69", .. skip]);
        code.Should().Be(ExitCodes.InputsRefused, $"eve's zip is refused: {graded}{error}");
        await Ok("semester", "record", run, "--course", course);

        var gradebook = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, "gradebook.csv")));
        var header = gradebook[0].ToList();
        string Cell(string student, string column) => gradebook.Single(r => r[0] == student)[header.IndexOf(column)];
        var max = Cell("carol", "max");
        var maximum = double.Parse(max, CultureInfo.InvariantCulture);
        var catalog = CommonOptions.Catalog.MaxPoints("000");
        if (skipChecks)
        {
            maximum.Should().BeLessThan(catalog - 1, "the checks --skip-check left out are not in the maximum");
        }
        else
        {
            max.Should().Be(Csv.Number(catalog), "with every check run, the run's maximum is the sheet's");
        }

        Cell("eve", "max").Should().Be(max, "a refused hand-in has the run's maximum");
        Cell("eve", "status").Should().Be("refused");
        Cell("eve", "auto total").Should().Be("0");
        Cell("eve", "manual total").Should().Be(Csv.Number(given), "the refused student's manual score is kept");
        Cell("eve", "total").Should().Be(Csv.Number(given));
        var lms = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, "gradebook-lms.csv")));
        lms.Single(r => r[0] == "eve")[5].Should().Be(Csv.Number(given), "the LMS cell of a refused student is their manual points (never empty)");

        var junit = XDocument.Load(Path.Combine(run, "junit.xml")).Root!;
        string Property(string student, string name) => junit.Elements("testsuite").Single(s => (string?)s.Attribute("name") == student)
            .Descendants("property").Single(p => (string?)p.Attribute("name") == name).Attribute("value")!.Value;
        foreach (var student in new[] { "carol", "eve" })
        {
            Property(student, "max").Should().Be(max, $"junit.xml's max of {student}");
            Property(student, "possible").Should().Be(Csv.Number(maximum - ManualPoints()), "junit.xml prints every number of an element to 4 decimals");
        }

        Property("eve", "score").Should().Be(Csv.Number(given), "junit.xml's score of the refused student");
        var folder = Path.Combine(run, "students", "carol");
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json"))))
        {
            results.RootElement.GetProperty("extra_data").GetProperty("max_score").GetDouble().Should().BeApproximately(maximum, 1e-4, "results.json");
        }

        File.ReadAllText(Path.Combine(folder, "feedback.md")).Should().Contain($" / {PointsText.Shown(maximum)}**", "feedback.md's total");
        File.ReadAllText(Path.Combine(run, "summary.md")).Should().Contain($"| Maximum | {PointsText.Shown(maximum)} points", "summary.md");

        var totals = await Ok("semester", "totals", "--course", course);
        var eve = totals.Split('\n').Single(l => l.StartsWith("eve | ", StringComparison.Ordinal));
        eve.Should().Contain($"| {Csv.Number(given)} (refused)").And.Contain($"| {Csv.Number(given)} / {max} |", $"semester totals: {totals}");
        totals.Split('\n').Single(l => l.StartsWith("carol | ", StringComparison.Ordinal)).Should().MatchRegex($@"\| [0-9.]+ / {Regex.Escape(max)} \|", "semester totals print the run's maximum");
    }

    private static double ManualPoints() => CommonOptions.Catalog.TasksOf("000").Where(t => !t.Bonus).Sum(t => t.ManualPoints);
}
