using System.Text.Json;
using System.Xml.Linq;
using Grader.Semester;
using static Grader.Cli.Tests.Support.SemesterCommands;

namespace Grader.Cli.Tests.Semester;

/// <summary>
/// Issue 46's "done when": one grade per hand-in, read by every output, the semester's included. Sheet 000 (only its
/// cheapest tasks' checks) is graded for alice (on time) and bob (two days late, no grace: his points halved) with a
/// filled rubric; the folder also holds a corrupt zip (eve: refused, a zero row) and a stray <c>notes.txt</c> (not a
/// student). The run is recorded in the semester twice. Each student's total is the same in gradebook.csv,
/// gradebook-lms.csv, results.json, junit.xml, feedback.md/html and <c>semester export</c>, late penalty included; the
/// second record is refused in one line and changes nothing; sheet 002, not due and never graded, is empty in the export
/// and out of the totals; a name in the submissions CSV that is no student is reported.
/// </summary>
[NonParallelizable]
public sealed class OneGradeTests
{
    [Test]
    public async Task Every_output_prints_the_same_total_late_penalty_included_and_the_semester_reads_the_same_grade()
    {
        using var scratch = new Scratch();
        string Root(string name) => Path.Combine(scratch.Root, name);
        var quickies = new[] { "QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs" };
        var handins = Root("s000");
        Write(Path.Combine(handins, "alice"), Example("Quickies/Correct", quickies));
        Write(Path.Combine(handins, "bob"), IndependentQuickies.Files(sumInsteadOfMean: true));
        File.WriteAllText(Path.Combine(handins, "eve.zip"), "not a zip at all");
        File.WriteAllText(Path.Combine(handins, "notes.txt"), "grade fairly");

        // The rubric: every manual item of sheet 000 scored, alice in full, bob half.
        var items = CommonOptions.Catalog.TasksOf("000").SelectMany(t => t.Manual.Select(m => (Task: t.Id, Item: m))).ToArray();
        items.Should().NotBeEmpty("sheet 000 has manual items");
        File.WriteAllText(Root("rubric.csv"), FilledRubric(
            from grade in new[] { (Student: "alice", Share: 1.0), (Student: "bob", Share: 0.5) }
            from item in items
            select (grade.Student, item.Task, item.Item, item.Item.Points * grade.Share)));
        File.WriteAllText(Root("lms.csv"), "student,submitted\nalice,2026-11-01T10:00:00Z\nbob,2026-11-04T11:00:00Z\nmallory,2026-11-01T10:00:00Z\nmal\u202Eory,2026-11-01T10:00:00Z\n");
        var course = new TestCourseFile("One grade", ["alice", "bob", "dave"], [("000", "2026-11-02T12:00Z"), ("002", "2099-11-09T12:00Z")]) { Admission = 0.1 }
            .WriteTo(Root("course.toml"));

        var run = Root("run000");
        var (code, graded, error) = await SemesterCommands.Grader(["grade", handins, "--out", run, "--sheet", "000", "--manual", Root("rubric.csv"), "--plain", "--jobs", "2",
            "--snapshots", TestSettings.Snapshots, "--seed", "46", .. SkipAllBut("000", Cheap000)]);
        code.Should().Be(ExitCodes.InputsRefused, $"eve's zip is refused: {graded}{error}");
        graded.Should().Contain("ignored: ").And.Contain("notes.txt");

        var recorded = await Ok("semester", "record", run, "--course", course, "--submitted", Root("lms.csv"));
        recorded.Should().Contain("Recorded run 1 of sheet 000 (2 hand-in(s), seed 46)");
        recorded.Should().Contain("late: bob: Late policy: 2 days late").And.NotContain("late: alice");
        recorded.Should().Contain("note: mallory in ").And.Contain("is neither one of the course's students nor graded in this run");
        // A name from the LMS's CSV reaches the tutor's terminal escaped: a bidirectional override would reorder the line.
        recorded.Should().Contain("note: mal[U+202E]ory in ").And.NotContain("\u202E");

        // The second record of the same run: one line, a usage error, nothing changed.
        var before = File.ReadAllBytes(Root("semester.db"));
        var (again, againOut, againError) = await SemesterCommands.Grader("semester", "record", run, "--course", course, "--submitted", Root("lms.csv"));
        again.Should().Be(ExitCodes.UsageError, againOut + againError);
        againError.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("is already recorded as run 1; nothing changed.");
        File.ReadAllBytes(Root("semester.db")).Should().Equal(before, "a refused record changes nothing");

        var export = Root("export.csv");
        await Ok("semester", "export", "--course", course, "--out", export);
        var exported = GradebookCsv.Parse(File.ReadAllText(export));
        exported[0].Should().Equal("Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Sheet 000 (points)", "Sheet 002 (points)");
        exported.Single(r => r[0] == "dave").Skip(5).Should().Equal(["0", ""], "dave handed nothing in for sheet 000; sheet 002 is not graded yet: empty, not 0");

        var gradebook = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, "gradebook.csv")));
        var header = gradebook[0].ToList();
        var lms = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, "gradebook-lms.csv")));
        var junit = XDocument.Load(Path.Combine(run, "junit.xml")).Root!;
        lms.Select(r => r[0]).Should().Equal(["Student", "alice", "bob", "eve"], "notes.txt is not a student; eve's refused zip keeps its zero row");
        lms.Single(r => r[0] == "eve")[5].Should().Be("0");
        File.ReadAllText(Path.Combine(run, "summary.md")).Should().Contain("## Ignored: not hand-ins").And.Contain("notes.txt");

        foreach (var (student, factor) in new[] { ("alice", 1.0), ("bob", 0.5) })
        {
            var row = gradebook.Single(r => r[0] == student);
            string Cell(string column) => row[header.IndexOf(column)];
            double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
            var total = Cell("total");
            var beforeLate = Number(Cell("auto total")) + Number(Cell("manual total"));
            Number(Cell("manual total")).Should().BeApproximately(items.Sum(i => i.Item.Points) * (student == "alice" ? 1 : 0.5), 1e-9, "the rubric's points");
            Number(total).Should().BeApproximately(beforeLate * factor, 1e-4, $"{student}'s total is automatic plus manual, times the late factor {factor}");
            if (factor < 1)
            {
                Number(Cell("late")).Should().BeApproximately(Number(total) - beforeLate, 1e-4, "the late column is what the policy took");
            }

            lms.Single(r => r[0] == student)[5].Should().Be(total, "gradebook-lms.csv");
            exported.Single(r => r[0] == student)[5].Should().Be(total, "semester export");
            var folder = Path.Combine(run, "students", student);
            using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json"))))
            {
                results.RootElement.GetProperty("score").GetDouble().Should().Be(Number(total), "results.json");
            }

            junit.Elements("testsuite").Single(s => (string?)s.Attribute("name") == student).Descendants("property")
                .Single(p => (string?)p.Attribute("name") == "score").Attribute("value")!.Value.Should().Be(total, "junit.xml");
            var shown = PointsText.Shown(Number(total));
            File.ReadAllText(Path.Combine(folder, "feedback.md")).Should().Contain($"**{shown} / ", "feedback.md leads with the total");
            File.ReadAllText(Path.Combine(folder, "feedback.html")).Should().Contain($"<strong>{shown} / ", "feedback.html leads with the total");
            if (factor < 1)
            {
                File.ReadAllText(Path.Combine(folder, "feedback.md")).Should().Contain("Late policy: 2 days late");
                File.ReadAllText(Path.Combine(folder, "feedback.html")).Should().Contain("Late policy: 2 days late");
            }
        }

        // One store of manual scores: the rubric CSV's are in it; a score entered in the semester replaces one of them,
        // and the run's files and the export show the new total.
        var first = items[0];
        var aliceBefore = double.Parse(gradebook.Single(r => r[0] == "alice")[header.IndexOf("total")], CultureInfo.InvariantCulture);
        (await Ok("semester", "score", "--course", course, "--student", "alice", "--task", first.Task, "--item", first.Item.Id, "--points", "0"))
            .Should().Contain($"Wrote the files of {run} again");
        var aliceAfter = GradebookCsv.Parse(File.ReadAllText(Path.Combine(run, "gradebook.csv"))).Single(r => r[0] == "alice")[header.IndexOf("total")];
        double.Parse(aliceAfter, CultureInfo.InvariantCulture).Should().BeApproximately(aliceBefore - first.Item.Points, 1e-4);
        await Ok("semester", "export", "--course", course, "--out", export);
        GradebookCsv.Parse(File.ReadAllText(export)).Single(r => r[0] == "alice")[5].Should().Be(aliceAfter);

        var totals = await Ok("semester", "totals", "--course", course);
        // The one maximum: the run's (its checks left out by --skip-check are not in it), as the gradebook's max column has it.
        var max = gradebook.Single(r => r[0] == "alice")[header.IndexOf("max")];
        totals.Split('\n').Should().Contain(l => l.StartsWith("dave | not handed in | not graded yet | 0 / " + max + " |", StringComparison.Ordinal),
            $"sheet 002 counts in no maximum while it is not graded: {totals}");

        // The one derivation is a pure function of the stored state (issue 80): the state read, the gradebook closed, it
        // gives every student the totals the gradebook gives.
        var file = CourseFile.Load(course, CommonOptions.Catalog);
        IReadOnlyList<StudentTotals> fromStore;
        GradebookSnapshot state;
        using (var semester = CourseGradebook.Open(file.Gradebook))
        {
            fromStore = semester.Grades.Totals(file, CommonOptions.Catalog);
            state = semester.Grades.Snapshot(file, CommonOptions.Catalog, null, null);
        }

        string Figures(IEnumerable<StudentTotals> rows) => string.Join("\n", rows.Select(t =>
            $"{t.Student} {t.Total} / {t.Max} {t.Admitted}: " + string.Join(", ", t.Sheets.Select(s => $"{s.Sheet} {s.Graded} {s.Report?.Total} {s.Max} {s.Late}"))));
        Figures(CourseGrades.Of(file, CommonOptions.Catalog, state, null)).Should().Be(Figures(fromStore)).And.Contain("alice").And.Contain("bob");
    }
}
