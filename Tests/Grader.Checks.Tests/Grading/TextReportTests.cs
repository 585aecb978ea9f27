using Grader.Checks.Grading;
using static Grader.Checks.Tests.Grading.TestCatalog;

namespace Grader.Checks.Tests.Grading;

public sealed class TextReportTests
{
    private static readonly CompileResult Compiled = new(true, [], 0, TimeSpan.FromMilliseconds(120), null);

    [Test]
    public void A_task_is_named_by_sheet_exercise_and_slug()
    {
        var task = Task("004", "3.4", "negative-elbo", 2, []);

        TextReport.TaskName(task).Should().Be("Sheet 004 · 3.4 negative-elbo");
        TextReport.Points(2).Should().Be("2 pts");
        TextReport.Points(1).Should().Be("1 pt");
        TextReport.Points(0.5).Should().Be("0.5 pts");
    }

    [Test]
    public void A_failed_check_shows_expected_seen_counterexample_and_where_to_reread()
    {
        var failing = Failing("flows.inverse-round-trips");
        var spec = Task("002", "P1", "inverse", 2, [Visible(failing), Hidden(Passing("flows.other"))], manualPoints: 1);
        var result = new CheckResult("flows.inverse-round-trips", CheckOutcome.Failed, "Inverse(Forward(x)) ≠ x: max error 3.1e-2 > 1e-5",
            Expected: "x", Seen: "x + 0.031", Counterexample: new Counterexample("[[0.3, 2.7]]", "[[0.0, 2.0]]", 9, "1234,5678"),
            SheetRef: "sheet 002 P1");
        var report = new HandinReport("alice", Compiled,
            [new TaskResult(spec, [new CheckVerdict(spec.Id, result, TimeSpan.Zero)])], VisibleOnly: true, Seed: 1);

        var text = TextReport.Render(report);

        text.Should().Contain("Hand-in alice: compiled in 0.12 s, 0 warnings");
        text.Should().Contain("Sheet 002 · P1 inverse: 0 / 1 points");
        text.Should().Contain("FAILED flows.inverse-round-trips (1 pt): Inverse(Forward(x)) ≠ x: max error 3.1e-2 > 1e-5");
        text.Should().Contain("expected: x").And.Contain("seen:     x + 0.031");
        text.Should().Contain("smallest counterexample (after 9 shrinks): [[0.0, 2.0]]").And.Contain("first found: [[0.3, 2.7]]").And.Contain("replay: 1234,5678");
        text.Should().Contain("re-read: sheet 002 P1");
        text.Should().Contain("Total: 0 / 1 automatic points; 1 pt graded by hand; hidden checks worth 1 pt not run.");
    }

    [Test]
    public void A_compile_failure_lists_the_errors_once()
    {
        var spec = Task("002", "P1", "inverse", 2, [Visible(Passing("a")), Visible(Passing("b"))]);
        var compile = new CompileResult(false, [new CompileDiagnostic("Flows/Map.cs", 12, 5, "CS1002", "; expected")], 0, TimeSpan.FromSeconds(0.5), null);
        var verdicts = spec.Checks.Select(c => new CheckVerdict(spec.Id, CheckResult.Fail(c.Check.Id, compile.Summary()), TimeSpan.Zero)).ToArray();
        var report = new HandinReport("bob", compile, [new TaskResult(spec, verdicts)], VisibleOnly: false, Seed: 1);

        var text = TextReport.Render(report);

        text.Should().Contain("Hand-in bob: the hand-in does not compile (1 error):");
        text.Split("Flows/Map.cs:12:5: error CS1002: ; expected").Should().HaveCount(2, "the error is listed once, in the head");
        text.Should().Contain("FAILED a (1 pt): the hand-in does not compile");
    }

    /// <summary>
    /// What the self-check fails with: every left-out file with its errors (file, line, id, text) and the tasks it blocks,
    /// a task with hidden checks only among them; a file left out for using one names that one; nothing when all compiled.
    /// </summary>
    [Test]
    public void Every_left_out_file_is_named_with_its_errors_and_the_tasks_it_blocks_visible_checks_or_not()
    {
        var hiddenOnly = Task("002", "P2 (a)", "standard-log-normal", 1, [Hidden(Passing("vae.t"))]) with { Contracts = [typeof(Grader.Contracts.Vae.ILogNormalTransformT)] };
        var visible = Task("002", "P2 (b)", "prior", 1, [Visible(Passing("vae.prior"))]) with { Contracts = [typeof(Grader.Contracts.Vae.ILogNormalPrior)] };
        var untouched = Task("002", "P1 (a)", "flow", 1, [Visible(Passing("flows.a"))]) with { Contracts = [typeof(Grader.Contracts.Diffusion.IDtuDdpm)] };
        var error = new CompileDiagnostic("LogNormalTransformT.cs", 11, 53, "CS1002", "; expected");
        var compile = Compiled with
        {
            Errors = [error],
            Excluded =
            [
                new ExcludedFile("LogNormalTransformT.cs", [error], [], ["Grader.Contracts.Vae.ILogNormalTransformT"]),
                new ExcludedFile("LogNormalPrior.cs", [], ["LogNormalTransformT.cs"], ["Grader.Contracts.Vae.ILogNormalPrior"]),
            ],
        };

        var text = TextReport.LeftOutFiles(compile, [untouched, hiddenOnly, visible]);

        text.Should().NotBeNull();
        var lines = text!.Split(Environment.NewLine);
        lines.Should().Equal(
            "2 files of the hand-in were left out of the compilation (LogNormalTransformT.cs, LogNormalPrior.cs); the tasks they block get 0 points until they compile:",
            "LogNormalTransformT.cs does not compile and was left out: the tasks it blocks get no points until it compiles: Sheet 002 · P2 (a) standard-log-normal.",
            "  LogNormalTransformT.cs:11:53: error CS1002: ; expected",
            "LogNormalPrior.cs uses LogNormalTransformT.cs, left out, so it was left out too: the tasks it blocks get no points until LogNormalTransformT.cs compiles: Sheet 002 · P2 (b) prior.");
        TextReport.LeftOutFiles(Compiled, [untouched, hiddenOnly, visible]).Should().BeNull("every file compiled");
        TextReport.LeftOutFiles(new CompileResult(false, [error], 0, TimeSpan.Zero, null), [hiddenOnly])
            .Should().Contain("the hand-in does not compile (1 error):").And.Contain("LogNormalTransformT.cs:11:53: error CS1002: ; expected");
    }
}
