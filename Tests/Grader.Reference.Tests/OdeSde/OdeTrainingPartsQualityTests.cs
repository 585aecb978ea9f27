using System.Diagnostics;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The 003 1.4 training check on the grader's loop (<see cref="OdeTrainingPartsQuality"/>, issue 66; not in the tutor
/// pack yet): the reference's parts pass; a formula bug in the loss is charged to the loss (the other cheats are proved on
/// the loop alone, <see cref="OdeGraderTrainingTests"/>, where they fail before the scoring).
/// </summary>
public sealed class OdeTrainingPartsQualityTests
{
    private static readonly OdeTrainingPartsQuality Check = new();

    /// <summary>
    /// The Correct example compiled as a hand-in, its parts resolved as the host resolves them: the check's run is
    /// <see cref="HandinInstance.Resolve"/>'s answer (<see cref="Grader.Remote.Training.OdeTrainingRun"/> over fresh
    /// instances of the example's <c>OdeTrainingParts</c>), so this is the path <c>grader grade</c> takes, in process.
    /// </summary>
    [Test]
    public void The_correct_example_passes_through_the_hand_in_path()
    {
        var source = HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Correct"));
        var compiled = HandinCompiler.Default.Compile(source);
        var handin = new HandinInstance(compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary()));
        handin.Resolve(typeof(IOdeTrainingRun)).Should().BeOfType<Grader.Remote.Training.OdeTrainingRun>();
        var context = new CheckContext(handin.Resolve, HandinGrader.CheckSeed(1, Check.Id), snapshotRoot: "");
        var (result, scores) = Check.Measure(context);
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        TestContext.Out.WriteLine($"gap {scores!.Gap:F4}, mirror share {scores.MirrorShare:F3}, loss deviation {scores.MaxLossRatio:G3} of its bound, gradient {scores.MaxGradientDeviation:G3}");
    }

    [Test]
    [Explicit("the reference's parts through the whole check (≈ 15 s of CPU); the Correct example's test covers the check in CI")]
    public void The_reference_parts_pass()
    {
        var (result, scores) = Check.Measure(Context(new ReferenceOdeTrainingParts(), Check.Id, 1));
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        TestContext.Out.WriteLine($"gap {scores!.Gap:F4}, mirror share {scores.MirrorShare:F3}, loss deviation {scores.MaxLossRatio:G3} of its bound, gradient {scores.MaxGradientDeviation:G3}");
    }

    [Test]
    [Explicit("a full 48-step training through the check for a cheat the loop tests already prove; a measurement")]
    public void A_trace_sign_in_the_loss_is_charged_to_the_loss()
    {
        var result = Check.Run(Context(new OdeGraderTrainingTests.TraceSign(), Check.Id, 1));
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("your loss (Loss");
    }

    /// <summary>
    /// The check's CPU on the reference, old (<see cref="OdeTrainingQuality"/> on <see cref="ReferenceOdeTraining"/>, the
    /// hand-in's loop) against new (the grader's loop on <see cref="ReferenceOdeTrainingParts"/>), same run seed, the
    /// process's CPU time around each (what the report states).
    /// </summary>
    [TestCase(1UL)]
    [Explicit("a measurement: the old check trains three budgets and a smaller one with rk4 (minutes of CPU)")]
    public void Cpu_per_hand_in_old_against_new(ulong seed)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (result, _) = Check.Measure(Context(new ReferenceOdeTrainingParts(), Check.Id, seed));
        process.Refresh();
        var newCpu = process.TotalProcessorTime - before;
        var newWall = clock.Elapsed;
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);

        var old = new OdeTrainingQuality();
        before = process.TotalProcessorTime;
        clock.Restart();
        var oldResult = old.Run(Context(new ReferenceOdeTraining(), old.Id, seed));
        process.Refresh();
        var oldCpu = process.TotalProcessorTime - before;
        TestContext.Out.WriteLine($"seed {seed}: new {newCpu.TotalSeconds:F1} s CPU ({newWall.TotalSeconds:F1} s wall), old {oldCpu.TotalSeconds:F1} s CPU ({clock.Elapsed.TotalSeconds:F1} s wall, {oldResult.Outcome})");
    }
}
