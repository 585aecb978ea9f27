using Grader.Grading.Pipeline;
using Grader.Runner.Compile;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// The attacks that lose points on a sheet <see cref="AdversarialGradingTests"/> does not grade (001, multi-head
/// attention; 003, the ODE/SDE likelihood models), graded end to end with real worker processes. A run of the whole
/// cohort per such sheet would cost minutes for nothing the cohort's run of <see cref="CohortGradingTests"/> does not
/// already show, so 003 gets one small bulk run instead: the attacks that lose points there
/// (fixtures/adversarial, by the answer key fixtures/cohort/adversarial.json) beside the cohort's correct example as the
/// control, as <c>grader grade &lt;those hand-ins&gt; --sheet S</c> does, with the training checks left out; 001's attack
/// is graded in that run of the cohort (<see cref="GradedCohort.AttacksIn"/>; the correct example is one of its hand-ins,
/// its limits <see cref="TestSettings.CpuBoundLimits"/>), not beside a second copy of the correct example (until issue
/// 69's fifth round it had a run of its own here). It holds
/// that every hand-in has an outcome, that every attack earns what its answer-key entry says within its time
/// (<see cref="AdversarialGradingTests.ShouldEarn"/>), and that the control keeps full marks beside them.
/// On 003 the check time limit is 60 s, the tool's default: on 2 loaded cores the correct example's unseen-input ODE
/// likelihood check alone took 13–16 s (Debug build), and no attack here waits out a limit. For the same reason an
/// attack may take <see cref="Overhead"/> beyond its timed-out checks, twice the bulk runs' allowance: on 2 cores shared
/// with other test runs (Debug build) the correct example took 55 s in all on sheet 003, the drift flood 68 s (10.7 s in
/// its flooded check). Measured the same way: sheet 001 with 1 attack 24–61 s, sheet 003 with 2 attacks 47–104 s.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class AdversarialOtherSheetsTests
{
    /// <summary>The sheets whose attacks are graded here.</summary>
    private static readonly string[] Sheets = ["001", "003"];

    /// <summary>The time one check may take before its worker is killed (the tool's default).</summary>
    private static readonly TimeSpan CheckTime = TimeSpan.FromSeconds(60);

    /// <summary>What an attack may take beyond its timed-out checks on these sheets (see the summary).</summary>
    private static readonly TimeSpan Overhead = 2 * AdversarialGradingTests.Overhead;

    /// <summary>The cohort's correct example, graded beside the attacks as the control.</summary>
    private static readonly string Control = CohortKey.Entries().Single(e => e.Example == "Diffusion/Correct").Student;

    private static readonly string Fixtures = Path.Combine(RepositoryRoot.Path, "fixtures");

    private readonly Dictionary<string, GradingSummary> _summaries = [];
    private Scratch _scratch = null!;

    /// <summary>The attacks that lose points on <paramref name="sheet"/> and on no sheet <see cref="AdversarialGradingTests"/> grades.</summary>
    public static IReadOnlyList<AdversarialGradingTests.Attack> LandingOn(string sheet) =>
        [.. AdversarialGradingTests.Attacks().Where(a => a.Status != "CompileFailed"
            && a.FullMarksExcept.Any(t => t.StartsWith(sheet + "/", StringComparison.Ordinal))
            && a.FullMarksExcept.All(t => Sheets.Any(s => t.StartsWith(s + "/", StringComparison.Ordinal))))];

    public static IEnumerable<TestCaseData> AttackCases(string sheet) =>
        LandingOn(sheet).Select(a => new TestCaseData(a).SetName($"Sheet {sheet}: adversarial {a.Student} ({a.Example})"));

    /// <summary>The time one check may take in <paramref name="sheet"/>'s run.</summary>
    private static TimeSpan CheckTimeOn(string sheet) => sheet == CohortGradingTests.Sheet ? TestSettings.CpuBoundLimits.CheckTime : CheckTime;

    [OneTimeSetUp]
    public async Task Grade_each_sheets_attacks_beside_the_correct_example()
    {
        _scratch = new Scratch();
        // 001's attacks are graded beside the cohort in GradedCohort's run of 001 (the correct example among them).
        _summaries[CohortGradingTests.Sheet] = (await GradedCohort.For(CohortGradingTests.Sheet)).Summary;
        foreach (var sheet in Sheets.Where(s => s != CohortGradingTests.Sheet))
        {
            var handins = Path.Combine(_scratch.Root, "handins-" + sheet);
            Directory.CreateDirectory(handins);
            foreach (var student in LandingOn(sheet).Select(a => a.Student))
            {
                File.Copy(Path.Combine(Fixtures, "adversarial", student + ".zip"), Path.Combine(handins, student + ".zip"));
            }

            File.Copy(Path.Combine(Fixtures, "handins", Control + ".zip"), Path.Combine(handins, Control + ".zip"));
            var run = new GradeRun([handins], Path.Combine(_scratch.Root, "out-" + sheet), 2, null, false, ManualGrades.Empty,
                TestSettings.For(sheet, seed: 20240917, leftOut: AdversarialGradingTests.TrainingChecks,
                    limits: WorkerLimits.Default with { CheckTime = CheckTime, CallCpuBudget = null }));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var compileBox = new CompileBox(CompileLimits.Default);
            _summaries[sheet] = await new GradingPipeline(WorkerFactory.Create(out _), GradingOutputs.Default, compileBox)
                .RunAsync(run, new RecordingProgress(), DiscoveryLimits.Default, CancellationToken.None);
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"adversarial run, sheet {sheet}: {_summaries[sheet].Handins.Count} hand-ins in {clock.Elapsed.TotalSeconds:0.0} s"));
        }
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch.Dispose();

    [Test]
    public void Every_sheet_has_an_attack_and_every_hand_in_an_outcome()
    {
        foreach (var sheet in Sheets)
        {
            LandingOn(sheet).Should().NotBeEmpty($"the corpus attacks the contracts of sheet {sheet}");
            _summaries[sheet].Problems.Should().BeEmpty();
            var graded = _summaries[sheet].Handins.Select(h => h.Student).ToArray();
            if (sheet == CohortGradingTests.Sheet)
            {
                graded.Should().Contain(LandingOn(sheet).Select(a => a.Student).Append(Control), "001's attacks are graded beside the cohort, the correct example among it");
            }
            else
            {
                graded.Should().BeEquivalentTo(LandingOn(sheet).Select(a => a.Student).Append(Control));
            }
        }
    }

    [TestCaseSource(nameof(AttackCases), new object[] { "001" })]
    [TestCaseSource(nameof(AttackCases), new object[] { "003" })]
    public void Each_attack_earns_the_score_its_behaviour_deserves_within_its_time(AdversarialGradingTests.Attack attack)
    {
        var sheet = Sheets.Single(s => LandingOn(s).Any(a => a.Student == attack.Student));
        AdversarialGradingTests.ShouldEarn(_summaries[sheet], attack, CheckTimeOn(sheet), Overhead);
    }

    [Test]
    public void The_correct_example_keeps_full_marks_beside_the_attacks()
    {
        foreach (var sheet in Sheets)
        {
            var control = _summaries[sheet].Handins.Single(h => h.Student == Control);
            var failed = control.Tasks.SelectMany(t => t.Checks).Where(c => !c.Passed).Select(c => $"{c.Result.Id}: {c.Result.Message}");
            control.Status.Should().Be(HandinStatus.Graded, control.Reason);
            failed.Should().BeEmpty($"on sheet {sheet} the correct example is not disturbed by the attacks graded beside it");
            control.AutoTotal.Should().BeApproximately(control.Possible + control.BonusPossible, 1e-9);
        }
    }
}
