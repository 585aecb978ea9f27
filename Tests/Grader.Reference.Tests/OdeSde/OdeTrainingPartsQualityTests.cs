using System.Diagnostics;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The 003 1.4 training check on the grader's loop (<see cref="OdeTrainingPartsQuality"/>, issue 66), by hand: the
/// reference's parts pass; a formula bug in the loss is charged to the loss; the check's CPU. In CI the Correct example's
/// pass and the mutants' losses are ExampleHandinsTests' (the pack grades 1.4 with this check); the cheats are proved on
/// the loop alone (<see cref="OdeGraderTrainingTests"/>), where they fail before the scoring.
/// </summary>
public sealed class OdeTrainingPartsQualityTests
{
    private static readonly OdeTrainingPartsQuality Check = new();

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
    /// The check's CPU on the reference's parts (the grader's loop on <see cref="ReferenceOdeTrainingParts"/>), the
    /// process's CPU time around it (what the measurement note states: 6.9 s at seed 1; the old check on the hand-in's
    /// loop, removed, cost 61.4 s).
    /// </summary>
    [TestCase(1UL)]
    [Explicit("a measurement: one whole check on the reference's parts")]
    public void Cpu_per_hand_in(ulong seed)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (result, _) = Check.Measure(Context(new ReferenceOdeTrainingParts(), Check.Id, seed));
        process.Refresh();
        var cpu = process.TotalProcessorTime - before;
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        TestContext.Out.WriteLine($"seed {seed}: {cpu.TotalSeconds:F1} s CPU ({clock.Elapsed.TotalSeconds:F1} s wall)");
    }
}
