using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Issue 45, item 6: the feedback of a task a hidden check withholds says which check withheld it and why. One hand-in per
/// family that some of its task's checks pass and a hidden one fails (a cheat, right where the visible checks look, or a
/// mutant whose bug only a hidden check sees), graded as the tutor grades on its own task (training checks left out); the student's text of the task (<see cref="TextReport.RenderTask(TaskResult)"/>, what
/// feedback.md and the HTML show per task) must name the withholding check in its "withheld by" line, carry that check's
/// failure with its message and where to re-read, and give the task 0 points although some of its checks passed.
/// </summary>
[NonParallelizable]
public class WithheldTaskFeedbackTests
{
    private static readonly string Root = RepositoryRoot.Path;

    [TestCase("Attention", "Mutants/softmax-overflows")]
    [TestCase("Diffusion", "Cheats/ddim-right-only-at-visible-batch")]
    [TestCase("Flows", "Cheats/polynomial-sheet-counterexample")]
    [TestCase("Gan", "Cheats/jsd-from-its-bounds")]
    [TestCase("OdeSde", "Cheats/rk4-only-at-visible-steps")]
    [TestCase("Quickies", "Cheats/mse-mean-over-first-axis")]
    [TestCase("Vae", "Mutants/gradient-sigma-detached")]
    public void The_feedback_of_a_withheld_task_names_the_hidden_check_and_its_reason(string family, string handin)
    {
        var folder = Path.Combine(Root, "Submissions", "Examples", family, handin);
        var isCheat = handin.StartsWith("Cheats/", StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, isCheat ? "cheat.json" : "mutant.json")));
        var task = json.RootElement.GetProperty("task").GetString()!;
        var check = json.RootElement.GetProperty("check");
        string[] named = check.ValueKind == JsonValueKind.Array ? [.. check.EnumerateArray().Select(c => c.GetString()!)] : [check.GetString()!];
        var source = isCheat
            ? HandinSource.FromFolder(Path.Combine(Root, "Submissions", "Examples", json.RootElement.GetProperty("base").GetString()!)).WithOverlay(folder)
            : HandinSource.Load(folder);
        var training = TutorCatalog.TrainingCheckIds;
        var full = TutorCatalog.Default;
        // The hand-in's own task only, its training checks left out (none of these hand-ins touches a training contract).
        var catalog = new CourseCatalog(full.Sheets, full.Tasks.Select(t => t.Id == task
            ? t with { Checks = t.Checks.Where(c => !training.Contains(c.Check.Id)).ToArray() }
            : t with { Checks = [] }));
        var sheet = catalog.Tasks.Single(t => t.Id == task).Sheet;
        var report = HandinGrader.Default.Grade(source, catalog, new GradeOptions
        {
            Sheets = [sheet],
            VisibleOnly = false,
            Seed = 20231010,
            SnapshotRoot = Path.Combine(Root, "fixtures", "snapshots"),
            CheckTimeLimit = InProcessCheckLimit.PerCheck,
        });
        report.Compile.Success.Should().BeTrue(report.Compile.Summary());

        var result = report.Find(task) ?? throw new AssertionException($"no task {task}");
        var by = result.WithheldBy ?? throw new AssertionException($"{handin}: no hidden check withheld {task}");
        named.Should().Contain(by.CheckId, "the withholding check is one the hand-in's json names");
        result.Checks.Should().Contain(c => c.Passed, "some of the task's checks passed, so the withholding costs them");
        result.Score.Should().Be(0);

        var text = TextReport.RenderTask(result);
        TestContext.Out.WriteLine(text);
        text.Should().Contain($"withheld by {by.CheckId}:", "the task's feedback names the hidden check that withheld it");
        text.Should().Contain("a check on inputs drawn for this run fails", "and says why a hidden check withholds the whole task");
        var status = by.Result.Outcome == CheckOutcome.Failed ? "FAILED" : "ERROR ";
        text.Should().Contain($"{status} {by.CheckId}", "the withholding check's own line (a failure, or an error the hand-in threw) is in the task's feedback");
        text.Should().Contain(by.Result.Message.Split(Environment.NewLine)[0], "with the reason it failed");
        if (by.Result.SheetRef is { } sheetRef) text.Should().Contain($"re-read: {sheetRef}");
        text.Should().NotContain("tutor:", "the student's text holds no tutor-only detail");
    }
}
