using System.Text.Json;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.OdeSde;
using Grader.Grading.Pipeline;
using Grader.Runner.Compile;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// The adversarial acceptance test, end to end with real worker processes: for each assignment an attack lands on (000,
/// 002, 004; 001 is 000's exercise again; the attacks that lose points only on 001's attention or 003's ODE/SDE tasks are
/// graded beside the correct example by <see cref="AdversarialOtherSheetsTests"/>), one bulk run over the clean cohort
/// (fixtures/handins) and the attacks of the corpus graded on that sheet (fixtures/adversarial, one hand-in per attack,
/// answer key fixtures/cohort/adversarial.json), as <c>grader grade fixtures/handins &lt;those attacks&gt; --sheet S</c>
/// does. An attack is graded on each of these sheets it loses points on, except that one losing points on all three
/// (the compile bombs: their compilation fails whatever the sheet) is graded once, on 000; an attack that loses points
/// nowhere (it must be contained where its code runs) is graded on each of these sheets whose tasks call the contract
/// its mutant.json names (the three of today change IReverseStep or ILatentInterpolation: 000 only; all three sheets
/// until issue 69's fifth round). An attack that loses points on another sheet only would earn full marks here because
/// no check of this sheet calls its code, which proves nothing, so it is not graded again here (each run used to grade
/// all 44 attacks: 3 × 86 hand-ins). By the same rule the cohort beside the attacks is, on each sheet, the cohort
/// hand-ins that lose points there or are not plainly graded there (the endless loop times out on 000 only), with the
/// correct example, and the compile error on 000 too (<see cref="CompileIsolationTests"/>: it costs nothing there)
/// (<see cref="BesideOn"/>: 21, 11 and 23 of 67 on 000, 002 and 004; 000 graded all 67 until issue 69, and the two
/// faulty hand-ins were graded on every sheet until its fifth round): a mutant of another sheet's task earns full marks on these sheets
/// because none of their checks calls its code, and that it loses exactly its own tasks on every sheet is held in
/// process by the reference tests (ExampleHandinsTests); that the README's main command finds the whole folder is
/// held by discovering it (<see cref="The_whole_cohort_folder_is_one_cohort_of_its_answer_keys_hand_ins"/>). The runs
/// are <see cref="AdversarialRuns"/>', shared with <see cref="CompileIsolationTests"/>. For that assignment's tasks it holds that
/// <list type="bullet">
/// <item>the batch completes: every hand-in of both folders has an outcome, and nothing was refused;</item>
/// <item>every attack earns what its behaviour deserves: its status, the tasks it loses, and a reason (or a failed
/// check's message) that names what happened;</item>
/// <item>every attack's wall time stays within its limit plus a stated overhead: (checks that timed out) × the check
/// time limit + the compile limit's wall backstop where its compilation was stopped + <see cref="Overhead"/>;</item>
/// <item>nothing an attack did changed anyone else's score: every cohort hand-in gets exactly what the cohort answer key
/// (fixtures/cohort/cohort.json) expects, as in <see cref="CohortGradingTests"/>;</item>
/// <item>nothing was written outside the output folder and the temporary folder: the files under fixtures/ are the
/// same before and after the run;</item>
/// <item>the outputs show that assignment only and agree with each other, and a task without checks yet counts at its
/// full automatic points (for 001, <see cref="CohortGradingTests"/> holds these on the cohort alone).</item>
/// </list>
/// Like <see cref="CohortGradingTests"/>, the training-quality checks (diffusion, INN) are left out and the limits are
/// <see cref="TestSettings.CpuBoundLimits"/>: 3 s of CPU time per call into a hand-in, which stops the endless loops (a
/// call stopped is not made again, so each loop costs one budget), and a 120 s wall limit per check, only a hang guard. Until issue 49 the
/// check time limit was a 10 s wall limit alone, which a correct hand-in's check could pass on a loaded machine.
/// Measured on 2 cores (the cohort and the corpus, 56 hand-ins, 2 at a time, when one run graded every sheet):
/// about 2 min 40 s; an attack's wall time beyond its stopped checks was at most about 7 s (the endless loop: 16 s for
/// one 10 s timeout and a fresh worker), so <see cref="Overhead"/> = 60 s leaves room for a loaded machine. With the
/// third round's attacks (86 hand-ins per run), on 2 cores shared with six other test runs: 466 s (000), 386 s (002),
/// 320 s (004); there a compile-refused hand-in queued behind the compiler bomb's compile server took up to 86 s.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class AdversarialGradingTests
{
    /// <summary>The sheets graded here, one bulk run each.</summary>
    internal static readonly string[] Sheets = ["000", "002", "004"];

    /// <summary>The limits of these runs (<see cref="TestSettings.CpuBoundLimits"/>).</summary>
    internal static readonly WorkerLimits Limits = TestSettings.CpuBoundLimits;

    /// <summary>The time one check may take before its worker is killed.</summary>
    private static readonly TimeSpan CheckTime = Limits.CheckTime;

    /// <summary>The compile servers' time limit in this run: far above an honest hand-in's second, far below the bomb's days.</summary>
    internal static readonly TimeSpan CompileTime = TimeSpan.FromSeconds(10);

    /// <summary>The wall time after which a compilation is stopped whatever processor time it used (ten times the limit).</summary>
    private static readonly TimeSpan CompileWallBackstop = CompilerProcess.Backstop * CompileTime;

    /// <summary>
    /// What a hand-in may take beyond its stopped checks: compiling, worker starts and restarts, its other checks; at least
    /// (<see cref="ShouldEarn"/>) twice the slowest plainly graded cohort hand-in of the same run, which load slows alike
    /// (issue 49: at load 50 the correct example took 79.6 s on sheet 002 and the read-fixtures attack 74.8 s, past 60 s).
    /// </summary>
    internal static readonly TimeSpan Overhead = TimeSpan.FromSeconds(60);

    internal static readonly string Fixtures = Path.Combine(RepositoryRoot.Path, "fixtures");
    private static readonly string Cohort = Path.Combine(Fixtures, "handins");
    /// <summary>The training-quality checks, left out of every adversarial run.</summary>
    internal static readonly string[] TrainingChecks = [.. CohortKey.TrainingCheckIds];

    private string Output(string sheet) => _output(sheet);

    private Func<string, string> _output = null!;
    private readonly Dictionary<string, GradingSummary> _summaries = [];
    private Dictionary<string, (long Length, DateTime Written)> _fixturesBefore = null!;
    private Dictionary<string, (long Length, DateTime Written)> _fixturesAfter = null!;

    /// <summary>One attack of fixtures/cohort/adversarial.json.</summary>
    /// <param name="Student">The student: fixtures/adversarial/&lt;student&gt;.zip.</param>
    /// <param name="Example">"Adversarial/&lt;slug&gt;" under Submissions/Examples.</param>
    /// <param name="Description">The attack in words (the example's mutant.json "bug").</param>
    /// <param name="Status">The expected HandinStatus.</param>
    /// <param name="FullMarksExcept">The graded tasks that lose points; every other task gets full marks.</param>
    /// <param name="ReasonContains">Text the reason or a failed check's message contains; null when nothing fails.</param>
    public sealed record Attack(string Student, string Example, string Description, string Status, IReadOnlyList<string> FullMarksExcept, string? ReasonContains)
    {
        /// <summary>What grading one assignment gives, by the rule of <see cref="CohortKey.Entry.For"/>; the reason applies where the status or a loss does.</summary>
        public (string Status, IReadOnlyList<string> Lost, string? ReasonContains) For(Grader.Checks.Catalog.Assignment assignment)
        {
            var lost = FullMarksExcept.Where(t => assignment.FindTask(t) is not null).ToArray();
            var applies = Status == "CompileFailed" || lost.Length > 0;
            return (applies ? Status : "Graded", lost, applies ? ReasonContains : null);
        }

        /// <inheritdoc />
        public override string ToString() => Student;
    }

    /// <summary>The corpus's answer key, fixtures/cohort/adversarial.json.</summary>
    public static IReadOnlyList<Attack> Attacks()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "cohort", "adversarial.json")));
        return document.RootElement.EnumerateArray().Select(e =>
        {
            var expect = e.GetProperty("expect");
            return new Attack(
                e.GetProperty("student").GetString()!,
                e.GetProperty("example").GetString()!,
                e.GetProperty("attack").GetString()!,
                expect.GetProperty("status").GetString()!,
                expect.GetProperty("full_marks_except").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                expect.GetProperty("reason_contains").GetString());
        }).ToArray();
    }

    /// <summary>The attacks graded in <paramref name="sheet"/>'s run (see the summary for the rule).</summary>
    public static IReadOnlyList<Attack> GradedOn(string sheet)
    {
        bool LosesOn(Attack a, string s) => a.FullMarksExcept.Any(t => t.StartsWith(s + "/", StringComparison.Ordinal));
        return [.. Attacks().Where(a =>
            (a.FullMarksExcept.Count == 0 && Calls(sheet, Contract(a.Example)))
            || (LosesOn(a, sheet) && (sheet == Sheets[0] || !Sheets.All(s => LosesOn(a, s)))))];
    }

    /// <summary>The contract an example's mutant.json says its change implements (<c>"contract"</c>), or null.</summary>
    internal static string? Contract(string example)
    {
        var mutant = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", example, "mutant.json");
        if (!File.Exists(mutant)) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(mutant));
        return document.RootElement.TryGetProperty("contract", out var contract) ? contract.GetString() : null;
    }

    /// <summary>Whether a task of <paramref name="sheet"/> calls the contract named <paramref name="contract"/>.</summary>
    internal static bool Calls(string sheet, string? contract) =>
        contract is not null && TutorCatalog.Default.FindAssignment(sheet)!.Tasks.Any(t => t.Contracts.Any(c => c.Name == contract));

    public static IEnumerable<TestCaseData> AttackCases(string sheet) =>
        GradedOn(sheet).Select(a => new TestCaseData(sheet, a).SetName($"Sheet {sheet}: adversarial {a.Student} ({a.Example})"));

    /// <summary>The cohort hand-ins graded beside the attacks in <paramref name="sheet"/>'s run (see the summary for the rule).</summary>
    public static IReadOnlyList<CohortKey.Entry> BesideOn(string sheet)
    {
        var assignment = TutorCatalog.Default.FindAssignment(sheet)!;
        var told = CohortKey.GradedEndToEndOn(sheet).Where(e => e.Status == "Graded" || e.For(assignment).Status != "Graded")
            .Select(e => e.Student).ToHashSet(StringComparer.Ordinal);
        return [.. CohortKey.Entries().Where(e => told.Contains(e.Student) || (e.Example == CompileError && sheet == Sheets[0]))];
    }

    /// <summary>
    /// The cohort's hand-in with a file that does not compile (sheet 004's <c>DtuDdpm.cs</c>): graded on 004, where it
    /// loses that file's tasks, and on 000, where it loses nothing (<see cref="CompileIsolationTests"/>).
    /// </summary>
    internal const string CompileError = "Diffusion/Faulty/compile-error";

    /// <summary>The cohort's hand-in that never returns from sheets 000's and 001's DDIM step (a timeout on 000 and 001, plainly graded elsewhere).</summary>
    private const string EndlessLoop = "Diffusion/Faulty/endless-loop";

    public static IEnumerable<TestCaseData> CohortCases(string sheet) =>
        BesideOn(sheet).Select(e => new TestCaseData(sheet, e).SetName($"Sheet {sheet}: beside the attacks, cohort {e.Student} ({e.Example})"));

    [OneTimeSetUp]
    public async Task Grade_the_cohort_and_the_sheets_attacks_in_one_run_per_sheet()
    {
        var runs = await AdversarialRuns.Graded();
        _output = runs.Output;
        foreach (var sheet in Sheets)
        {
            _summaries[sheet] = runs.Summaries[sheet];
        }

        (_fixturesBefore, _fixturesAfter) = (runs.FixturesBefore, runs.FixturesAfter);
    }

    [Test]
    public void Every_attack_is_graded_and_every_run_completes_with_an_outcome_for_every_hand_in()
    {
        Attacks().Where(a => a.FullMarksExcept.Count == 0 || a.FullMarksExcept.Any(t => Sheets.Any(s => t.StartsWith(s + "/", StringComparison.Ordinal))))
            .Should().OnlyContain(a => Sheets.Any(s => GradedOn(s).Any(g => g.Student == a.Student)), "every attack that loses points on one of these sheets, or nowhere, is graded here");
        foreach (var sheet in Sheets)
        {
            GradedOn(sheet).Should().NotBeEmpty($"the corpus attacks sheet {sheet}");
            Completes(sheet);
        }
    }

    private void Completes(string sheet)
    {
        var summary = _summaries[sheet];
        var output = Output(sheet);
        summary.Problems.Should().BeEmpty("every hand-in of both folders is graded; none is refused");
        summary.Handins.Select(h => h.Student).Should().BeEquivalentTo(
            BesideOn(sheet).Select(e => e.Student).Concat(GradedOn(sheet).Select(a => a.Student)),
            $"the run of sheet {sheet} grades the cohort and the attacks together, one outcome each");
        File.ReadAllLines(Path.Combine(output, "gradebook.csv")).Should().HaveCount(1 + summary.Handins.Count);
        foreach (var outcome in summary.Handins)
        {
            foreach (var file in new[] { "feedback.md", "feedback.html", "results.json" })
            {
                File.Exists(Path.Combine(ResultStore.StudentFolderIn(output, outcome.Student), file)).Should().BeTrue($"{outcome.Student}/{file} is written whatever the hand-in did");
            }

            File.Exists(new ResultStore(output).RecordPath(outcome.Student)).Should().BeTrue($"{outcome.Student}'s record is written whatever the hand-in did");
        }
    }

    [Test]
    public void The_whole_cohort_folder_is_one_cohort_of_its_answer_keys_hand_ins()
    {
        // The README's main command grades fixtures/handins whole; the runs here grade the part of it each sheet can tell
        // apart (BesideOn), so the whole folder is discovered here: every hand-in of the answer key, nothing refused.
        var discovered = GradingPipeline.Discover([Cohort], DiscoveryLimits.Default);
        discovered.Problems.Should().BeEmpty();
        discovered.Handins.Select(h => h.Student).Should().BeEquivalentTo(CohortKey.Entries().Select(e => e.Student));
        Sheets.Should().OnlyContain(s => BesideOn(s).Any(e => e.Example.EndsWith("/Correct", StringComparison.Ordinal)), "every run grades the correct example beside the attacks");
        BesideOn("000").Select(e => e.Example).Should().Contain([CompileError, EndlessLoop], "000 grades the compile error (it costs nothing there) and the endless loop (it times out there)");
        BesideOn("004").Select(e => e.Example).Should().Contain(CompileError, "004 grades the compile error, which costs its tasks there");
    }

    [TestCaseSource(nameof(AttackCases), new object[] { "000" })]
    [TestCaseSource(nameof(AttackCases), new object[] { "002" })]
    [TestCaseSource(nameof(AttackCases), new object[] { "004" })]
    public void Each_attack_earns_the_score_its_behaviour_deserves_within_its_time(string sheet, Attack attack)
        => ShouldEarn(_summaries[sheet], attack, CheckTime);

    /// <summary>
    /// <paramref name="attack"/>'s outcome in <paramref name="summary"/> is what its answer-key entry says for that run's
    /// assignment (status, lost tasks, the reason's text or full marks), within (its checks stopped by a limit: timed out,
    /// or a call over its CPU budget) × <paramref name="checkTime"/> + the compile backstop where its compilation was stopped + <paramref name="overhead"/>
    /// (<see cref="Overhead"/> when null), or twice the slowest plainly graded hand-in beside it when that is more (the
    /// same load slows both; a plainly graded hand-in is one of the run's hand-ins that is no attack, was graded and has no reason).
    /// </summary>
    internal static void ShouldEarn(GradingSummary summary, Attack attack, TimeSpan checkTime, TimeSpan? overhead = null)
    {
        var attacks = Attacks().Select(a => a.Student).ToHashSet(StringComparer.Ordinal);
        var honest = summary.Handins.Where(h => !attacks.Contains(h.Student) && h.Status == HandinStatus.Graded && h.Reason is null).ToArray();
        honest.Should().NotBeEmpty("the run grades cohort hand-ins beside the attacks, the measure of what this machine's load lets a hand-in take");
        var slowest = honest.Max(h => h.Timing.Total);
        var beyond = TimeSpan.FromTicks(Math.Max((overhead ?? Overhead).Ticks, 2 * slowest.Ticks));
        var outcome = summary.Handins.SingleOrDefault(h => h.Student == attack.Student);
        outcome.Should().NotBeNull($"{attack.Student} ({attack.Example}) is in the corpus");
        var failed = outcome!.Tasks.SelectMany(t => t.Checks).Where(c => !c.Passed).ToArray();
        var because = $"{attack.Student} ({attack.Example}): {attack.Description}\nreason: {outcome.Reason}\n" +
            string.Join("\n", failed.Select(c => $"{c.CheckId}: {c.Result.Message}"));

        var (status, lostHere, reason) = attack.For(summary.Assignment);
        outcome.Status.ToString().Should().Be(status, because);
        outcome.Tasks.Where(t => t.Checks.Count > 0 && !t.FullMarks).Select(t => t.Task.Id)
            .Should().BeEquivalentTo(lostHere.Where(t => !CohortKey.OnlyTrainingTasks.Contains(t)), because);
        if (reason is { } text)
        {
            new[] { outcome.Reason ?? "" }.Concat(failed.Select(c => c.Result.Message + " " + c.Result.TutorDetail))
                .Should().Contain(m => m.Contains(text, StringComparison.Ordinal), $"the reason a tutor reads names what happened (\"{text}\"); {because}");
        }
        else if (status == "Graded" && lostHere.Count == 0)
        {
            failed.Should().BeEmpty(because);
            outcome.AutoTotal.Should().BeApproximately(outcome.Possible + outcome.BonusPossible, 1e-9, because);
        }

        // A check stopped by its CPU budget took at most the check time too (the wall limit stops it otherwise).
        int timedOut = failed.Count(c => c.Result.Message.StartsWith("timed out after", StringComparison.Ordinal)
            || c.Result.Message.Contains(" s of CPU time, the budget of one call", StringComparison.Ordinal));
        bool compileStopped = outcome.Compile.Errors.Any(e => e.Id == CompilerProcess.RuleId);
        var compileLimit = compileStopped ? CompileWallBackstop : TimeSpan.Zero;
        outcome.Timing.Total.Should().BeLessThanOrEqualTo(timedOut * checkTime + compileLimit + beyond,
            $"{attack.Student} had {timedOut} check(s) stopped by a limit, at most {checkTime.TotalSeconds} s each{(compileStopped ? $" and its compilation stopped (at {CompileTime.TotalSeconds} s of processor time, at the latest {CompileWallBackstop.TotalSeconds} s of wall time)" : "")}, plus at most {beyond.TotalSeconds:0.#} s overhead (the larger of {(overhead ?? Overhead).TotalSeconds} s and twice the slowest plainly graded hand-in beside it, {slowest.TotalSeconds:0.#} s)");
    }

    [TestCaseSource(nameof(CohortCases), new object[] { "000" })]
    [TestCaseSource(nameof(CohortCases), new object[] { "002" })]
    [TestCaseSource(nameof(CohortCases), new object[] { "004" })]
    public void Each_cohort_hand_in_keeps_the_score_its_answer_key_expects(string sheet, CohortKey.Entry entry)
    {
        // As in CohortGradingTests: the training checks are left out, so a bug only they catch costs nothing here.
        var (outcome, status) = entry.ShouldBeGradedAsKeyedIn(_summaries[sheet]);
        if (status == "Graded")
        {
            outcome.Reason.Should().BeNull($"{entry.Student}'s grading was not disturbed by the attacks graded beside it");
        }
    }

    [Test]
    public void The_outputs_show_each_runs_assignment_only_and_agree_with_each_other()
    {
        foreach (var sheet in Sheets)
        {
            ShowOnly(sheet);
        }
    }

    private void ShowOnly(string sheet) =>
        AssignmentOutputs.ShowOnly(Output(sheet), sheet, _summaries[sheet], BesideOn(sheet).Count + GradedOn(sheet).Count);

    [Test]
    public void The_correct_example_earns_every_automatic_point_that_ran()
    {
        foreach (var sheet in Sheets)
        {
            PendingTasks.CorrectExampleEarnsTheMaximum(_summaries[sheet]);
        }
    }

    [Test]
    public void Nothing_is_written_outside_the_output_folder_and_the_temporary_folder()
    {
        _fixturesAfter.Keys.Should().BeEquivalentTo(_fixturesBefore.Keys, "the run adds and removes no file under fixtures/ (the attacks aim at it)");
        foreach (var (path, before) in _fixturesBefore)
        {
            _fixturesAfter[path].Should().Be(before, $"fixtures/{path} is not rewritten by the run");
        }

        File.Exists(Path.Combine(Fixtures, "adversarial-was-here.txt")).Should().BeFalse("the write attack did not reach the repository");
        Sheets.Should().OnlyContain(s => Directory.EnumerateFiles(Output(s), "*", SearchOption.AllDirectories).Any(), "each run wrote its outputs where it was told");
    }

    /// <summary>Every file under <paramref name="root"/>: relative path → size and last write time.</summary>
    internal static Dictionary<string, (long Length, DateTime Written)> ListFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => new FileInfo(f))
            .ToDictionary(f => Path.GetRelativePath(root, f.FullName), f => (f.Length, f.LastWriteTimeUtc), StringComparer.Ordinal);
}
