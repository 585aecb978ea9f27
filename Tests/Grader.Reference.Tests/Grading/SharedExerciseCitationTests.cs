using Grader.Checks.Catalog;
using Grader.Reference.Tests.Snapshots;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Sheets 000 and 001 pose the same Heidelberg exercise 1 and share its checks: what a student reads of them names the
/// sheet being graded, never the other one. A mutant of the reverse step (σ_t² = β_t) fails a visible exact check with a
/// counterexample, a hidden check on unseen inputs and a hidden statistical check of 1 (a); the untouched template
/// fails every visible check of exercise 1 with the template's own "not implemented" text, as in the student's
/// <c>dotnet test</c> after <c>grader assign</c>.
/// </summary>
public class SharedExerciseCitationTests
{
    private static readonly string Root = SnapshotApproval.RepositoryRoot();
    private static readonly CourseCatalog Catalog = TutorCatalog.Default;

    /// <summary>The checks of 1 (a) this mutant fails, one of each kind (the V-training check would train for ≈ 15 s and makes no claim about the step).</summary>
    private static readonly string[] MutantChecks =
    [
        "diffusion.heidelberg.reverse-step-matches-reference",
        "diffusion.heidelberg.reverse-step-on-unseen-inputs",
        "diffusion.heidelberg.reverse-step-has-posterior-variance",
    ];

    /// <summary>The reverse step with σ_t² = β_t (<c>Diffusion/Mutants/beta-tilde-swapped</c>).</summary>
    private static HandinSource Mutant() => HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", "Diffusion", "Mutants", "beta-tilde-swapped"));

    private static GradeOptions Options(IReadOnlyList<string> sheets, Func<TaskSpec, CheckSpec, bool> include, bool visibleOnly = false) => new()
    {
        Sheets = sheets,
        VisibleOnly = visibleOnly,
        Seed = 20231010,
        SnapshotRoot = SnapshotApproval.SnapshotRoot(),
        CheckTimeLimit = InProcessCheckLimit.PerCheck,
        Include = include,
    };

    /// <summary>Every text of <paramref name="result"/> a student or tutor reads.</summary>
    private static IEnumerable<string> Texts(CheckResult result) =>
        new[] { result.Message, result.Expected, result.Seen, result.SheetRef, result.TutorDetail, result.Counterexample?.Shrunk, result.Counterexample?.Original }
            .OfType<string>();

    /// <summary>Fails unless each verdict of <paramref name="report"/> cites its own task's sheet and no text names the other sheet.</summary>
    private static void ShouldCiteOwnSheet(HandinReport report, int expectedVerdicts)
    {
        var verdicts = report.Tasks.SelectMany(t => t.Checks.Select(c => (Task: t.Task, Verdict: c))).ToList();
        foreach (var (task, verdict) in verdicts)
        {
            TestContext.Out.WriteLine($"{task.Id} {verdict.CheckId}: {verdict.Result.Outcome}: {verdict.Result.Message}\n      re-read: {verdict.Result.SheetRef}");
        }

        verdicts.Should().HaveCount(expectedVerdicts);
        verdicts.Should().OnlyContain(v => !v.Verdict.Passed, "every check run here fails on this hand-in, so its message and sheet reference are shown");
        foreach (var (task, verdict) in verdicts)
        {
            var other = task.Sheet == "000" ? "001" : "000";
            verdict.Result.SheetRef.Should().StartWith($"sheet {task.Sheet}, ex. 1 ", $"{task.Id} {verdict.CheckId} cites its own sheet and the part");
            Texts(verdict.Result).Where(text => text.Contains($"sheet {other}", StringComparison.OrdinalIgnoreCase))
                .Should().BeEmpty($"{task.Id} {verdict.CheckId} names no sheet but the one graded");
        }
    }

    [TestCase("000")]
    [TestCase("001")]
    public void A_mutant_of_the_shared_reverse_step_is_sent_to_the_sheet_being_graded(string sheet)
    {
        var report = HandinGrader.Default.Grade(Mutant(), Catalog, Options([sheet], (_, c) => MutantChecks.Contains(c.Check.Id)));

        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var shared = report.Find($"{sheet}/1a/train-and-sample")!;
        shared.Checks.Select(c => shared.SpecOf(c).Visibility).Should().Contain([Visibility.Visible, Visibility.Hidden]);
        report.Tasks.SelectMany(t => t.Checks).Should().Contain(c => c.Result.Message.Contains("Smallest counterexample", StringComparison.Ordinal), "the exact check's counterexample is part of what is read");
        ShouldCiteOwnSheet(report, MutantChecks.Length);
    }

    /// <summary>Both sheets in one run: a shared check runs once (<see cref="HandinGrader"/>), and each task cites the verdict under its own sheet.</summary>
    [Test]
    public void A_verdict_shared_by_both_sheets_in_one_run_cites_each_tasks_own_sheet()
    {
        var report = HandinGrader.Default.Grade(Mutant(), Catalog, Options(["000", "001"], (_, c) => MutantChecks.Contains(c.Check.Id)));

        ShouldCiteOwnSheet(report, 2 * MutantChecks.Length);
        var bySheet = report.Tasks.SelectMany(t => t.Checks.Select(c => (t.Task.Sheet, Id: c.CheckId, c.Result.Message))).ToLookup(v => v.Id);
        bySheet[MutantChecks[0]].Select(v => v.Message).Distinct().Should().ContainSingle("the check ran once; only its citation differs per sheet");
    }

    /// <summary>The template as a student of the sheet gets it: its "not implemented" texts name the Heidelberg exercise, not the grader's number of another sheet.</summary>
    [TestCase("000")]
    [TestCase("001")]
    public void The_untouched_template_names_no_other_sheet_in_the_self_check(string sheet)
    {
        var source = HandinSource.Load(Path.Combine(Root, "Submissions", "Template", "Diffusion"));
        var exerciseOne = Catalog.Tasks.Where(t => t.Sheet == sheet && t.Exercise.StartsWith("1 (", StringComparison.Ordinal) && t.Graded).ToArray();
        var report = HandinGrader.Default.Grade(source, Catalog, Options([sheet], (t, _) => exerciseOne.Contains(t), visibleOnly: true));

        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var visible = exerciseOne.Sum(t => t.Checks.Count(c => c.Visibility == Visibility.Visible));
        visible.Should().BeGreaterThanOrEqualTo(4, "exercise 1 has visible checks in (a), (b), (c) and (d)");
        report.Tasks.SelectMany(t => t.Checks).Should().OnlyContain(c => c.Result.Message.Contains("not implemented yet: Heidelberg sheet 10, exercise 1"));
        ShouldCiteOwnSheet(report, visible);
    }
}
