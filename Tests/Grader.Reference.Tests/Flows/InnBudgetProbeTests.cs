using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The INN training check's budget probe (<see cref="InnBudgetProbe"/>, <see cref="InnTrainingQuality.SkipsBudgetSteps"/>)
/// on trainings whose flow is a known function of the steps they take (z = x·(1 + 0.01·taken)): every step taken
/// passes; a fifth or a twentieth of the budget fails with the sentence naming it; one step that does not move the
/// weights (a warm-up from a learning rate of 0) passes. The compiled mutant <c>inn-training-fifth-of-budget</c> is
/// graded by <c>ExampleHandinsTests</c>.
/// </summary>
public class InnBudgetProbeTests
{
    private static readonly InnTrainingQuality Check = new(new InnTrainingQuality.Settings(Steps: 5, TrainingEvents: 2_000, HeldOut: 500, Generated: 500, ProbeBudget: true));

    [TestCase(1, 0, false, 0)]
    [TestCase(5, 0, true, 8)]
    [TestCase(20, 0, true, 10)]
    [TestCase(1, 1, false, 1)]
    public void The_probe_fails_a_training_that_skips_most_budget_steps(int divisor, int frozenSteps, bool fails, int unchanged)
    {
        var training = new Scaling(divisor, frozenSteps);
        var context = Context(training, Check.Id, 11);

        var result = Check.SkipsBudgetSteps(context);

        var call = new Grader.Checks.Checking.HandinCall(Check.Id, Check.SheetRef);
        var seen = InnBudgetProbe.Unchanged(call, training, Check.DataFor(context).Features, () => new Generator(3), new Generator(4));
        seen.Should().NotBeNull().And.HaveCount(unchanged);
        if (!fails)
        {
            result.Should().BeNull();
            return;
        }

        result.Should().NotBeNull();
        result!.Passed.Should().BeFalse();
        result.Message.Should().Contain("fewer optimiser steps than its budget");
        result.Message.Should().NotContain("budgets 0", "the probe's figures are the tutor's");
        result.TutorDetail.Should().Contain($"the same flow for {unchanged} of the {InnBudgetProbe.LargestBudget} increases");
    }

    /// <summary>Takes steps / <c>divisor</c> steps, the first <c>frozen</c> of them without moving (learning rate 0).</summary>
    private sealed class Scaling(int divisor, int frozen) : IInnTraining
    {
        public INormalizingFlow Train(Tensor data, int steps, Generator generator) => new Flow(1 + 0.01f * Math.Max(0, steps / divisor - frozen));
    }

    private sealed class Flow(float scale) : INormalizingFlow
    {
        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => (x * scale, torch.full([x.size(0)], (float)(x.size(1) * Math.Log(scale))));

        public Tensor Inverse(Tensor z) => z / scale;
    }
}
