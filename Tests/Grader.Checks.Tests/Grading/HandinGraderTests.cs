using Grader.Checks.Grading;
using Grader.Checks.Tests.Handins;
using Grader.Contracts.Diffusion;
using Grader.Remote.Handins;
using static Grader.Checks.Tests.Grading.TestCatalog;

namespace Grader.Checks.Tests.Grading;

public sealed class HandinGraderTests
{
    private static readonly GradeOptions Options = GradeOptions.Default with { CheckTimeLimit = TimeSpan.FromSeconds(20) };

    /// <summary>
    /// The time limit of the test whose subject is a check that never finishes. The same limit applies to the two checks
    /// beside it, which must pass: it was 0.3 s, which a loaded machine can break (a fresh thread and the first call into
    /// a freshly compiled hand-in). Measured at load 24 on 2 cores (2026-11-25):
    /// 34 ms and 0 ms for the two; 2 s is 59 times the larger, and the test takes 2 s rather than 0.3 s.
    /// </summary>
    private static readonly TimeSpan EndlessCheckLimit = TimeSpan.FromSeconds(2);

    private static HandinReport Grade(CourseCatalog catalog, GradeOptions? options = null, params (string Path, string Text)[] files) =>
        HandinGrader.Default.Grade(
            new HandinSource("Inline", files.Select(f => new HandinFile(f.Path, f.Text)).ToArray()), catalog, options ?? Options);

    private static CourseCatalog BetaCatalog(params CheckSpec[] more) =>
        Of(Task("002", "P4", "beta-schedules", 2, [Visible(new BetaAnswerIsCorrect()), .. more]));

    [Test]
    public void A_correct_hand_in_gets_full_marks_and_a_wrong_one_loses_the_task()
    {
        var correct = Grade(BetaCatalog(), null, ("Answer.cs", BetaAnswers.Correct));
        var wrong = Grade(BetaCatalog(), null, ("Answer.cs", BetaAnswers.Wrong));

        correct.Compile.Success.Should().BeTrue();
        correct.Compile.Assembly.Should().BeNull("a report never holds the hand-in's code");
        correct.Tasks.Single().FullMarks.Should().BeTrue();
        correct.AutoTotal.Should().Be(2);
        correct.Possible.Should().Be(2);

        var verdict = wrong.Tasks.Single().Checks.Single();
        verdict.Result.Outcome.Should().Be(CheckOutcome.Failed);
        verdict.Result.Expected.Should().Be("{2, 4}");
        verdict.Result.Seen.Should().Be("{1, 4}");
        wrong.AutoTotal.Should().Be(0);
        wrong.Possible.Should().Be(2);
    }

    [Test]
    public void A_check_that_never_finishes_is_cut_at_the_time_limit_and_the_next_check_runs()
    {
        using var release = new ManualResetEventSlim();
        var endless = new LambdaCheck("test.endless", _ =>
        {
            while (!release.IsSet)
            {
                Thread.Sleep(5);
            }

            return CheckResult.Pass("test.endless", "released");
        });
        var catalog = BetaCatalog(Visible(endless), Visible(Passing("test.after")));

        try
        {
            var report = Grade(catalog, Options with { CheckTimeLimit = EndlessCheckLimit }, ("Answer.cs", BetaAnswers.Correct));

            var checks = report.Tasks.Single().Checks;
            checks.Select(c => c.Result.Outcome).Should().Equal(CheckOutcome.Passed, CheckOutcome.Failed, CheckOutcome.Passed);
            TestContext.Out.WriteLine($"the checks beside the endless one: {checks[0].Elapsed.TotalMilliseconds:0} ms and {checks[2].Elapsed.TotalMilliseconds:0} ms");
            checks[1].Result.Message.Should().StartWith("timed out after 2 s");
            checks[1].Result.SheetRef.Should().Be("sheet 002, test sheet, eq. (1)", "a check that names no sheet is cited under its task's");
            checks[1].Elapsed.Should().BeGreaterThanOrEqualTo(EndlessCheckLimit - TimeSpan.FromMilliseconds(50));
        }
        finally
        {
            release.Set();
        }
    }

    [Test]
    public void A_hand_in_exception_is_errored_with_type_message_and_line_and_the_other_checks_still_run()
    {
        var report = Grade(BetaCatalog(Visible(Passing("test.other"))), null, ("Student/Answer.cs", BetaAnswers.Throwing));

        var checks = report.Tasks.Single().Checks;
        checks[0].Result.Outcome.Should().Be(CheckOutcome.Errored);
        checks[0].Result.Message.Should().Be(
            "InvalidOperationException: boom in the getter (at Student/Answer.cs:9, in Answer.get_InvalidSchedules)");
        checks[0].Result.SheetRef.Should().Be("sheet 002, problem 4 (d)");
        checks[1].Result.Outcome.Should().Be(CheckOutcome.Passed);
        report.AutoTotal.Should().Be(1);
    }

    [Test]
    public void Not_implemented_yet_is_a_failure_that_points_to_the_sheet()
    {
        var report = Grade(BetaCatalog(), null, ("Answer.cs", BetaAnswers.NotImplemented));

        var result = report.Tasks.Single().Checks.Single().Result;
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().StartWith("not implemented yet: sheet 002, problem 4 (d)").And.Contain("Answer.cs:7");
    }

    [Test]
    public void A_throwing_constructor_errors_every_check_using_that_contract_only()
    {
        var usesContract = new LambdaCheck("test.uses-contract", ctx =>
            ctx.TryHandin<IBetaScheduleAnswer>() is null ? CheckResult.Fail("test.uses-contract", "none") : CheckResult.Pass("test.uses-contract", "ok"));
        var report = Grade(BetaCatalog(Visible(usesContract), Visible(Passing("test.independent"))), null, ("Answer.cs", BetaAnswers.ThrowingConstructor));

        var checks = report.Tasks.Single().Checks;
        checks.Select(c => c.Result.Outcome).Should().Equal(CheckOutcome.Errored, CheckOutcome.Errored, CheckOutcome.Passed);
        checks[0].Result.Message.Should().Be(
            "IBetaScheduleAnswer: the constructor of Answer threw InvalidOperationException: ctor fails (at Answer.cs:7, in Answer..ctor)");
        checks[1].Result.Message.Should().Be(checks[0].Result.Message);
    }

    [Test]
    public void Two_implementations_fail_the_checks_with_a_message_naming_both()
    {
        var report = Grade(BetaCatalog(), null, ("Answer.cs", BetaAnswers.Correct), ("Other.cs", BetaAnswers.Second));

        var result = report.Tasks.Single().Checks.Single().Result;
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("2 classes implement IBetaScheduleAnswer (Student.Answer, Student.OtherAnswer)");
    }

    [Test]
    public void A_missing_implementation_fails_saying_which_interface_to_implement()
    {
        var report = Grade(BetaCatalog(Visible(Passing("test.no-contract-needed"))), null, ("Notes.cs", BetaAnswers.Unrelated));

        var checks = report.Tasks.Single().Checks;
        checks[0].Result.Outcome.Should().Be(CheckOutcome.Failed);
        checks[0].Result.Message.Should().Be(HandinInstance.MissingMessage(typeof(IBetaScheduleAnswer)));
        checks[1].Result.Outcome.Should().Be(CheckOutcome.Passed, "a check that does not ask for the contract is not affected");
    }

    [Test]
    public void A_compile_failure_gives_a_complete_report_with_zero_points_and_the_errors()
    {
        var catalog = Of(
            Task("002", "P4", "beta-schedules", 2, [Visible(new BetaAnswerIsCorrect()), Hidden(Passing("test.hidden"))]),
            Task("004", "3.4", "other", 3, [Visible(Passing("test.other"))], manualPoints: 1));

        var report = Grade(catalog, null, ("Diffusion/Answer.cs", BetaAnswers.Broken));

        report.Compile.Success.Should().BeFalse();
        report.Tasks.Should().HaveCount(2);
        report.Tasks.SelectMany(t => t.Checks).Should().HaveCount(3).And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Failed);
        var message = report.Tasks[0].Checks[0].Result.Message;
        message.Should().StartWith("the hand-in does not compile (2 errors):");
        message.Should().Contain("Diffusion/Answer.cs:7:").And.Contain("CS1002").And.Contain("Diffusion/Answer.cs:9:");
        report.AutoTotal.Should().Be(0);
        report.Possible.Should().Be(5);
        report.ManualPending.Should().Be(1);
    }

    [Test]
    public void A_file_that_does_not_compile_costs_exactly_the_tasks_whose_contracts_it_implements()
    {
        const string brokenInterpolation = """
            using Grader.Contracts.Diffusion;
            using Grader.Tensors;

            namespace Student;

            public sealed class Interpolation : ILatentInterpolation
            {
                public Tensor Interpolate(Tensor from, Tensor to, int count) => from
            }
            """;
        var needsInterpolation = new LambdaCheck("test.interpolation", context =>
            context.TryHandin<ILatentInterpolation>() is null ? CheckResult.Fail("test.interpolation", "absent") : CheckResult.Pass("test.interpolation", "present"));
        var catalog = Of(
            Task("002", "P4", "beta-schedules", 2, [Visible(new BetaAnswerIsCorrect())]) with { Contracts = [typeof(IBetaScheduleAnswer)] },
            Task("000", "1b", "interpolation", 3, [Visible(needsInterpolation), Hidden(Passing("test.hidden-interpolation"))]) with { Contracts = [typeof(ILatentInterpolation)] });

        var report = Grade(catalog, null, ("Answer.cs", BetaAnswers.Correct), ("Diffusion/Interpolation.cs", brokenInterpolation));

        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        report.Status.Should().Be(HandinStatus.Graded);
        report.Tasks[0].FullMarks.Should().BeTrue("its contract is implemented in a file that compiles");
        report.Tasks[1].Score.Should().Be(0);
        report.Tasks[1].Checks.Should().HaveCount(2).And.OnlyContain(c => c.Result.Outcome == CheckOutcome.Failed);
        var message = report.Tasks[1].Checks[0].Result.Message;
        message.Should().StartWith("blocked by Diffusion/Interpolation.cs: it does not compile, so it was left out, and this task's ILatentInterpolation is implemented there (1 error):");
        message.Should().Contain("Diffusion/Interpolation.cs:8:").And.Contain("CS1002");
        report.AutoTotal.Should().Be(2);
        TextReport.Render(report).Should().Contain("Diffusion/Interpolation.cs does not compile and was left out: the tasks it blocks get no points until it compiles: Sheet 000 · 1b interpolation.");
    }

    [Test]
    public void Scores_split_auto_points_by_weight_and_totals_add_up()
    {
        var catalog = Of(
            Task("002", "P1", "weighted", 3, [Visible(Passing("a.visible-pass")), Hidden(Failing("a.hidden-fail"), weight: 2)]),
            Task("002", "P2", "all-pass", 2, [Visible(Passing("b.one")), Visible(Passing("b.two"), weight: 3)], manualPoints: 1),
            Task("002", "P3", "no-checks-yet", 0, [], manualPoints: 4),
            Task("002", "P4", "bonus", 1, [Hidden(Passing("d.bonus"))], bonus: true));

        var all = Grade(catalog, null, ("Notes.cs", BetaAnswers.Unrelated));

        var weighted = all.Find("002/P1/weighted")!;
        weighted.PointsOf(weighted.Checks[0]).Should().Be(1, "the visible check's share, weight 1 of 3 of 3 points");
        weighted.Score.Should().Be(0, "the failed hidden check withholds the task: the visible pass alone certifies nothing");
        weighted.WithheldBy!.Result.Id.Should().Be("a.hidden-fail");
        weighted.Earned(weighted.Checks[0]).Should().Be(0);
        weighted.MaxAuto.Should().Be(3);
        weighted.NotRun.Should().Be(0);
        weighted.PointsOf(weighted.Checks[1]).Should().Be(2);
        TextReport.Render(all).Should().Contain("withheld by a.hidden-fail: the checks that passed (1 pt) earn nothing");
        all.Find("002/P2/all-pass")!.Score.Should().Be(2);
        all.Find("002/P2/all-pass")!.WithheldBy.Should().BeNull();
        all.Find("002/P3/no-checks-yet")!.Checks.Should().BeEmpty();
        all.AutoTotal.Should().Be(0 + 2 + 1);
        all.Possible.Should().Be(3 + 2);
        all.BonusPossible.Should().Be(1);
        all.ManualPending.Should().Be(5);
        all.NotRun.Should().Be(0);

        var visible = Grade(catalog, Options with { VisibleOnly = true }, ("Notes.cs", BetaAnswers.Unrelated));

        visible.VisibleOnly.Should().BeTrue();
        var visibleWeighted = visible.Find("002/P1/weighted")!;
        visibleWeighted.Checks.Should().ContainSingle();
        visibleWeighted.Score.Should().Be(1, "the self-check runs no hidden check, so nothing withholds the visible share");
        visibleWeighted.WithheldBy.Should().BeNull();
        visibleWeighted.MaxAuto.Should().Be(1);
        visibleWeighted.FullMarks.Should().BeTrue();
        visibleWeighted.NotRun.Should().Be(2);
        visible.Find("002/P4/bonus")!.Checks.Should().BeEmpty();
        visible.AutoTotal.Should().Be(3);
        visible.Possible.Should().Be(3);
        visible.NotRun.Should().Be(2 + 1);
    }

    [Test]
    public void Only_the_chosen_sheets_are_graded()
    {
        var catalog = Of(
            Task("002", "P1", "first", 1, [Visible(Passing("a"))]),
            Task("004", "3.4", "second", 1, [Visible(Passing("b"))]));

        var report = Grade(catalog, Options with { Sheets = ["004"] }, ("Notes.cs", BetaAnswers.Unrelated));

        report.Tasks.Select(t => t.Task.Id).Should().Equal("004/3.4/second");
    }

    [Test]
    public void Each_check_gets_a_seed_from_the_grader_seed_and_its_id_only()
    {
        var seen = new Dictionary<string, ulong>();
        LambdaCheck Recording(string id) => new(id, ctx =>
        {
            lock (seen)
            {
                seen[id] = ctx.Seed;
            }

            return CheckResult.Pass(id, "recorded");
        });
        var catalog = Of(Task("002", "P1", "seeds", 1, [Hidden(Recording("s.one")), Visible(Recording("s.two"))]));

        Grade(catalog, Options with { Seed = 42 }, ("Notes.cs", BetaAnswers.Unrelated));
        var bothRuns = new Dictionary<string, ulong>(seen);
        Grade(catalog, Options with { Seed = 42, VisibleOnly = true }, ("Notes.cs", BetaAnswers.Unrelated));

        bothRuns["s.one"].Should().Be(HandinGrader.CheckSeed(42, "s.one"));
        bothRuns["s.two"].Should().NotBe(bothRuns["s.one"]);
        seen["s.two"].Should().Be(bothRuns["s.two"], "a check's seed does not depend on which other checks run");
    }

    [Test]
    public void A_mutant_overlaid_on_the_correct_example_loses_the_task()
    {
        using var examples = new TempHandin("Correct", ("Diffusion/Answer.cs", BetaAnswers.Correct), ("Notes.cs", BetaAnswers.Unrelated));
        var mutantFolder = Path.Combine(examples.Root, "Mutants", "lists-schedule-1");
        TempHandin.Write(mutantFolder, ("Answer.cs", BetaAnswers.Wrong), ("mutant.json", """{"base":"Correct","bug":"1 instead of 2","task":"002/P4/beta-schedules","contract":"IBetaScheduleAnswer"}"""));

        var correct = HandinGrader.Default.Grade(HandinSource.Load(examples.Folder), BetaCatalog(), Options);
        var mutant = HandinGrader.Default.Grade(HandinSource.Load(mutantFolder), BetaCatalog(), Options);

        correct.AutoTotal.Should().Be(2);
        mutant.Student.Should().Be("lists-schedule-1");
        mutant.AutoTotal.Should().Be(0);
        mutant.Find("002/P4/beta-schedules")!.Checks.Single().Result.Seen.Should().Be("{1, 4}");
    }
}
