namespace Grader.Grading.Tests.Grading;

/// <summary>
/// One broken file costs only its tasks, as <c>grader grade</c> grades (compile servers, real hosts, the training checks
/// left out as in <see cref="CohortGradingTests"/>): the bundled cohort's yusuf-bergstrom, whose only errors are in
/// <c>DtuDdpm.cs</c> (sheet 004, ex. 3.4, <c>IDtuDdpm</c>), loses nothing on sheet 000 and exactly the two tasks of
/// <c>IDtuDdpm</c> on sheet 004; his feedback and the tutor's record name the file that blocked them. His outcomes are
/// read from the adversarial bulk runs of 000 and 004 (<see cref="AdversarialRuns"/>), which grade him beside the
/// attacks on every sheet, instead of grading him twice more alone.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public sealed class CompileIsolationTests
{
    private const string Yusuf = "yusuf-bergstrom";

    private static async Task<(HandinReport Report, string Output)> Graded(string sheet)
    {
        var runs = await AdversarialRuns.Graded();
        return (runs.Summaries[sheet].Handins.Should().ContainSingle(h => h.Student == Yusuf).Subject, runs.Output(sheet));
    }

    [Test]
    public async Task A_file_another_sheet_grades_costs_nothing_on_this_sheet()
    {
        var (report, output) = await Graded("000");

        report.Status.Should().Be(HandinStatus.Graded);
        report.Compile.Excluded.Should().ContainSingle(f => f.Errors.Count > 0).Which.Path.Should().Be("DtuDdpm.cs");
        report.Compile.Excluded.Where(f => f.Errors.Count == 0).Should().OnlyContain(f => f.Uses.Contains("DtuDdpm.cs"), "only files that use the broken one are left out with it (DtuTrainingParts.cs)");
        report.Tasks.Where(t => t.Checks.Count > 0).Should().OnlyContain(t => t.FullMarks, "sheet 000 calls no IDtuDdpm, and every other file is the correct example's");
        report.AutoTotal.Should().Be(report.Possible).And.BeGreaterThan(0);
        File.ReadAllText(Path.Combine(output, ResultStore.StudentsFolder, Yusuf, HandinFeedback.MarkdownFile))
            .Should().Contain("DtuDdpm.cs does not compile and was left out: no task graded here needs it.");
    }

    [Test]
    public async Task A_file_that_does_not_compile_costs_exactly_the_tasks_that_need_it_and_the_feedback_names_it()
    {
        var (report, output) = await Graded("004");

        var lost = report.Tasks.Where(t => t.Checks.Count > 0 && !t.FullMarks).Select(t => t.Task.Id);
        lost.Should().BeEquivalentTo(["004/3.4/negative-elbo", "004/3.4/sample", "004/3.5/mnist"], "IDtuDdpm's tasks: 3.4's own, and 3.5's, whose training on the grader's loop takes the hand-in's NegativeElbo as its loss (issue 66)");
        foreach (var check in report.Tasks.Where(t => lost.Contains(t.Task.Id)).SelectMany(t => t.Checks))
        {
            check.Result.Message.Should().StartWith("blocked by DtuDdpm.cs: it does not compile").And.Contain("DtuDdpm.cs:").And.Contain("CS1002");
        }

        var feedback = File.ReadAllText(Path.Combine(output, ResultStore.StudentsFolder, Yusuf, HandinFeedback.MarkdownFile));
        feedback.Should().Contain("DtuDdpm.cs does not compile and was left out: the tasks it blocks get no points until it compiles: Sheet 004 · 3.4 negative-elbo, Sheet 004 · 3.4 sample, Sheet 004 · 3.5 mnist.");
        var record = File.ReadAllText(Path.Combine(output, ResultStore.RecordsFolder, Yusuf + ".json"));
        record.Should().Contain("Grader.Contracts.Diffusion.IDtuDdpm", "the tutor's record keeps which file was left out and which contract it held");
    }
}
