using System.Xml.Linq;

namespace Grader.Cli.Tests.Grading;

/// <summary>
/// The tutor's path end to end, through the command line in-process: <c>grader assign</c> writes a student's
/// repository (copied for the others: assign writes the same one for each), each gets the correct examples as its
/// <c>Handin/</c>, carol's as a clone with <c>.git</c> and build output and a syntax error in a file sheet 002
/// does not grade (<c>DdimReverseStep.cs</c>), erin's in a file of one task of it (<c>LogNormalTransformM.cs</c>, 2 (b)); a corrupt zip and a hand-in named like a spreadsheet formula lie
/// beside them, and one <c>grader grade</c> over the folder (no <c>--sheet</c>: the repositories' assignment.json says
/// which) grades the repositories as their folder names: alice and carol at full marks, erin losing exactly 2 (b)
/// with the file named in her feedback, and each refused hand-in a zero row with its reason in gradebook.csv,
/// gradebook-lms.csv and junit.xml, neutralised for spreadsheets (issue 25's "done when").
/// </summary>
[NonParallelizable]
public sealed class RepositoryCohortTests
{
    private const string Sheet = "002";
    private const string Formula = "=HYPERLINK(\"x\",\"y\")";

    private static Task<(int Code, string Out, string Error)> Grader(params string[] args) => GraderInProcess.RunAsync(args);

    [Test]
    public async Task One_grade_over_assigned_repositories_grades_them_and_keeps_a_zero_row_for_each_refused_hand_in()
    {
        using var scratch = new Scratch();
        var cohort = Path.Combine(scratch.Root, "cohort");
        // One repository assigned (grader assign writes the same one for every student of a sheet), the correct
        // examples as its Handin/, copied for the other two: one assign instead of three. (A fourth, bob's, held the
        // clone's .git and build output alone until issue 69; carol's holds them now: one sheet-002 grading less.)
        var repository = Path.Combine(cohort, "alice");
        var (assigned, _, assignError) = await Grader("assign", "--sheet", Sheet, "--out", repository, "--from", RepositoryRoot.Path);
        assigned.Should().Be(ExitCodes.Done, assignError);
        var handin = Path.Combine(repository, "Handin");
        foreach (var template in Directory.EnumerateFiles(handin, "*.cs"))
        {
            File.Delete(template);
        }

        foreach (var pack in CourseCatalog.Default.Packs)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct), "*.cs", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(handin, Path.GetFileName(file)));
            }
        }

        foreach (var student in new[] { "carol", "erin" })
        {
            scratch.Copy(repository, Path.Combine("cohort", student));
        }

        // carol: a syntax error in a file no task of sheet 002 needs; erin: in the file of 2 (b)'s contract only.
        BreakFile(Path.Combine(cohort, "carol", "Handin", "DdimReverseStep.cs"));
        BreakFile(Path.Combine(cohort, "erin", "Handin", "LogNormalTransformM.cs"));

        // carol's repository as a clone that was built too: none of it is the hand-in.
        Directory.CreateDirectory(Path.Combine(cohort, "carol", ".git", "objects"));
        File.WriteAllText(Path.Combine(cohort, "carol", ".git", "HEAD"), "ref: refs/heads/main\n");
        Directory.CreateDirectory(Path.Combine(cohort, "carol", "Handin", "obj"));
        File.WriteAllText(Path.Combine(cohort, "carol", "Handin", "obj", "Broken.cs"), "this is not C#");
        File.WriteAllBytes(Path.Combine(cohort, "dave.zip"), [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(cohort, Formula));
        File.WriteAllText(Path.Combine(cohort, Formula, "A.cs"), "namespace Submission; public static class A { }");
        var output = Path.Combine(scratch.Root, "out");

        var (code, text, error) = await Grader("grade", cohort, "--out", output, "--plain", "--jobs", "2", "--snapshots", TestSettings.Snapshots);

        code.Should().Be(ExitCodes.InputsRefused, text + error);
        text.Should().Contain($"Graded sheet {Sheet} ").And.NotContain("more than 200 .cs files");
        var autoMax = CommonOptions.Catalog.FindAssignment(Sheet)!.Tasks.Where(t => !t.Bonus).Sum(t => t.AutoPoints);
        var refusedZip = "'dave.zip' is not a readable zip";
        var refusedName = $"its student name '{Formula}' starts with '='";

        var gradebook = GradebookCsv.Parse(File.ReadAllText(Path.Combine(output, GradebookCsvReporter.FileName)));
        gradebook.Skip(1).Select(r => r[0]).Should().Equal("'" + Formula, "alice", "carol", "dave", "erin");
        foreach (var student in new[] { "alice", "carol" })
        {
            var cells = GradebookCsv.Cells(gradebook, student);
            cells["status"].Should().Be("graded");
            double.Parse(cells["auto total"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(autoMax, $"{student}'s Handin/ holds the correct examples");
            cells["note"].Should().BeEmpty($"nothing of {student}'s repository outside Handin/ nor its build output is graded");
        }

        var blocked = "002/p2b/log-normal-affine";
        var erin = GradebookCsv.Cells(gradebook, "erin");
        erin["status"].Should().Be("graded");
        erin[$"{blocked} auto"].Should().Be("0", "the task whose contract the broken file implements is blocked");
        var alice = GradebookCsv.Cells(gradebook, "alice");
        double.Parse(alice[$"{blocked} auto"], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0);
        foreach (var task in CommonOptions.Catalog.FindAssignment(Sheet)!.Tasks.Where(t => t.Id != blocked))
        {
            erin[$"{task.Id} auto"].Should().Be(alice[$"{task.Id} auto"], $"erin's broken file blocks no other task than {blocked} ({task.Id})");
        }

        var erinFeedback = File.ReadAllText(Path.Combine(output, "students", "erin", "feedback.md"));
        erinFeedback.Should().Contain("LogNormalTransformM.cs", "the feedback names the file that blocked the task");
        var carolFeedback = File.ReadAllText(Path.Combine(output, "students", "carol", "feedback.md"));
        carolFeedback.Should().Contain("DdimReverseStep.cs", "the file left out is named, though it blocked nothing");
        carolFeedback.Should().NotContain("Broken.cs", "the build output under Handin/obj is not part of the hand-in");

        var dave = GradebookCsv.Cells(gradebook, "dave");
        dave["status"].Should().Be("refused");
        dave["auto total"].Should().Be("0");
        dave["total"].Should().Be("0");
        dave["max"].Should().Be(GradebookCsv.Cells(gradebook, "alice")["max"], "a refused row has the run's maximum");
        dave["note"].Should().Contain(refusedZip);
        var formula = GradebookCsv.Cells(gradebook, "'" + Formula);
        formula["status"].Should().Be("refused");
        formula["auto total"].Should().Be("0");
        formula["note"].Should().Contain(refusedName).And.StartWith("'", "a note that quotes the name starts with a quote, never with '='");

        var lms = GradebookCsv.Parse(File.ReadAllText(Path.Combine(output, GradebookCsvReporter.LmsFileName)));
        lms[0].Should().Equal("Student", "ID", "SIS User ID", "SIS Login ID", "Section", $"Sheet {Sheet} (points)", GradebookCsvReporter.LmsNoteColumn);
        lms.Skip(1).Select(r => r[0]).Should().Equal("'" + Formula, "alice", "carol", "dave", "erin");
        lms.Single(r => r[0] == "dave")[5].Should().Be("0", "an import gives the refused student 0 instead of skipping them");
        lms.Single(r => r[0] == "dave")[6].Should().StartWith("refused: ").And.Contain(refusedZip);
        lms.Single(r => r[0] == "'" + Formula)[3].Should().Be("'" + Formula, "the login cell is neutralised too");
        lms.Single(r => r[0] == "'" + Formula)[5].Should().Be("0");
        lms.Single(r => r[0] == "alice")[5].Should().BeEmpty("alice's manual items are pending");
        lms.Single(r => r[0] == "alice")[6].Should().BeEmpty();
        lms.SelectMany(r => r).Should().NotContain(cell => cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal), "no cell starts like a formula");

        var suites = XDocument.Load(Path.Combine(output, JUnitReporter.FileName)).Root!.Elements("testsuite").ToArray();
        suites.Select(s => (string)s.Attribute("name")!).Should().Equal(Formula, "alice", "carol", "dave", "erin");
        foreach (var (name, reason) in new[] { ("dave", refusedZip), (Formula, refusedName) })
        {
            var suite = suites.Single(s => (string)s.Attribute("name")! == name);
            var failure = suite.Descendants("failure").Should().ContainSingle().Subject;
            ((string)failure.Attribute("type")!).Should().Be("refused");
            ((string)failure.Attribute("message")!).Should().Contain(reason);
            suite.Descendants("property").Single(p => (string)p.Attribute("name")! == "score").Attribute("value")!.Value.Should().Be("0");
        }

        suites.Where(s => (string)s.Attribute("name")! is "alice" or "carol").Should().OnlyContain(s => (string)s.Attribute("failures")! == "0");
        var summaryText = File.ReadAllText(Path.Combine(output, SummaryMarkdown.FileName));
        summaryText.Should().Contain("2 refused (a zero row each in the gradebooks)");
        summaryText.Should().NotContain("Handin.csproj", "the project grader assign writes into Handin/ is not a stray file of the student's");
    }

    /// <summary>A syntax error at the top of the file's class: the file no longer compiles, the rest of the hand-in does.</summary>
    private static void BreakFile(string path)
    {
        var text = File.ReadAllText(path);
        var brace = text.IndexOf('{', text.IndexOf(" class ", StringComparison.Ordinal));
        brace.Should().BePositive($"{path} declares a class");
        File.WriteAllText(path, text.Insert(brace + 1, " int broken = ; "));
    }
}
