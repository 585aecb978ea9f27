using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The INN training check's budget response (<see cref="InnTrainingQuality.Measure"/>: three smaller budgets b, b + 1,
/// b + 2 beside the full one) on trainings whose flow is a known function of the steps they take
/// (z = x·(1 + 0.01·taken)): every step taken changes every increase; steps / k for k = 2, 3, 5, 20 leaves at least one
/// of the two increases unchanged on every seed (three consecutive integers cannot have three different quotients by
/// k ≥ 2); a flow that does not depend on the budget leaves both unchanged and improves by exactly 0. Then the verdict
/// under the calibrated bounds with the feedback each budget-response score gives; and why the smaller budgets start at
/// a fifth of the budget (a fifth at the full budget, every step below it, improves on smaller budgets below a fifth). The compiled cheats are graded by
/// <c>CheatHandinsTests</c> and, over 20 seeds, <c>InnTrainingCheatsSeedsTests</c>.
/// </summary>
public class InnBudgetResponseTests
{
    private static readonly InnTrainingQuality Small = new(new InnTrainingQuality.Settings(Steps: 40, TrainingEvents: 2_000, HeldOut: 500, Generated: 500, JacobianEvents: 100));

    [TestCase(1, 0)]
    [TestCase(2, 1)]
    [TestCase(3, 1)]
    [TestCase(5, 1)]
    [TestCase(20, 1)]
    [TestCase(0, 2)]
    public void Budgets_one_step_apart_give_different_flows_only_when_every_step_is_taken(int divisor, int leastUnchanged)
    {
        var training = new Scaling(divisor);
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var (failure, scores, _) = Small.Measure(Context(training, Small.Id, seed));
            failure.Should().BeNull(failure?.Message);
            if (divisor == 1) scores!.Unchanged.Should().Be(0);
            else scores!.Unchanged.Should().BeGreaterThanOrEqualTo(leastUnchanged);
            if (divisor == 0) scores.Improvement.Should().Be(0, "a flow that does not depend on the budget improves by nothing");
            scores.FractionSteps.Should().BeInRange(8, 10, "b is 0.2 … 0.25 of the 40 steps");
        }
    }

    /// <summary>
    /// Why the smaller budgets start at a fifth of the budget (docs/measurements/2026-11-26-inn-training-budget-response.md,
    /// third stop): a training that takes every step of budgets below 90 % of the grading budget and a fifth of the
    /// grading budget (cheat <c>inn-training-full-only-below-budget</c>'s schedule, here with a flow known in closed form
    /// that gets better with every step taken) improves by nothing when the smaller budgets are at least a fifth (the
    /// calibrated range: they train at least as many steps as its full budget), and by more than the clearly-good bound
    /// when they are 0.10 … 0.125 of the budget (design A, refused: the compiled cheat passed 17 of 20 seeds).
    /// </summary>
    [Test]
    public void A_fifth_at_the_full_budget_improves_on_its_smaller_budgets_only_when_they_are_below_a_fifth()
    {
        var calibrated = InnTrainingQualityBudget.Calibrated;
        var training = new EveryStepBelow(Small.Design.Steps * 9 / 10);
        foreach (var (low, high, improves) in new[] { (calibrated.FractionLow, calibrated.FractionHigh, false), (0.10, 0.125, true) })
        {
            var check = new InnTrainingQuality(Small.Design with { FractionLow = low, FractionHigh = high });
            for (ulong seed = 1; seed <= 6; seed++)
            {
                var (failure, scores, _) = check.Measure(Context(training, check.Id, seed));
                failure.Should().BeNull(failure?.Message);
                if (improves) scores!.Improvement.Should().BeGreaterThan(calibrated.Improvement!.Pass, $"b = {scores.FractionSteps} trains fewer steps than a fifth of the budget");
                else scores!.Improvement.Should().BeLessThanOrEqualTo(0, $"b = {scores.FractionSteps} trains at least a fifth of the budget");
                scores.Unchanged.Should().Be(0, "every smaller budget is trained in full");
            }
        }
    }

    [Test]
    public void The_verdict_names_a_training_that_did_not_improve_with_its_budget()
    {
        var check = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var good = InnTrainingQualityTests.Good;
        check.Verdict(good).Passed.Should().BeTrue();
        var flat = check.Verdict(good with { FractionNll = good.Nll - 0.2 });
        flat.Passed.Should().BeFalse();
        flat.Message.Should().Contain("did not improve with the budget");
        var undecided = good with { FractionNll = good.Nll };
        check.Verdict([undecided, undecided, undecided, undecided]).Passed.Should().BeFalse("fresh runs that do not improve either fail");
        check.Verdict([undecided, good, good, good]).Passed.Should().BeTrue();
        var same = check.Verdict(good with { Unchanged = 1 });
        same.Passed.Should().BeFalse();
        same.Message.Should().Contain("very same flow").And.NotContain("125", "the budgets are the tutor's");
    }

    /// <summary>
    /// The work (fourth stop): a first run whose every score is clearly good but whose fewest backward passes per budget
    /// step is below 1 fails at once, told the share and not the counts (those are the tutor's); two passes a step
    /// (gradient accumulation) pass.
    /// </summary>
    [Test]
    public void The_verdict_names_a_training_that_made_fewer_backward_passes_than_steps()
    {
        var check = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var good = InnTrainingQualityTests.Good;
        var half = check.Verdict(good with { Work = 0.5, Passes = "250/500, 112/112, 113/113, 114/114" });
        half.Passed.Should().BeFalse("every other score is clearly good: the work alone fails it");
        half.Message.Should().StartWith("Your INN training did not do the work of its budget: ")
            .And.Contain("fewer gradients of its loss on batches of its events (backward passes").And.Contain("50 %")
            .And.NotContain("250").And.NotContain("500");
        half.TutorDetail.Should().Contain("250/500");
        check.Verdict(good with { Work = 0.999 }).Passed.Should().BeFalse("the bound is exact");
        check.Verdict(good with { Work = 2 }).Passed.Should().BeTrue("more passes than steps is no fewer");
        new InnTrainingQuality().Verdict(good with { Work = 0 }).Passed.Should().BeTrue("the default settings leave the bound open");
    }

    /// <summary>Takes steps / <c>divisor</c> steps (divisor 0: none, whatever the budget).</summary>
    private sealed class Scaling(int divisor) : IInnTraining
    {
        public INormalizingFlow Train(Tensor data, int steps, Generator generator) => new Flow(1 + 0.01f * (divisor == 0 ? 0 : steps / divisor));
    }

    /// <summary>
    /// Takes every step of a budget below <c>threshold</c> and a fifth of larger ones; "training" for t steps returns
    /// N(μ, (c·σ)²) with the training events' μ, σ and c = 1 + 3·e^(−t/6), which the held-out NLL prefers the more steps
    /// were taken (c → 1).
    /// </summary>
    private sealed class EveryStepBelow(int threshold) : IInnTraining
    {
        public INormalizingFlow Train(Tensor data, int steps, Generator generator)
        {
            int taken = steps < threshold ? steps : steps / 5;
            var mean = data.mean(0).ToDoubleArray();
            var sd = data.std(0).ToDoubleArray();
            double widening = 1 + 3 * Math.Exp(-taken / 6.0);
            return new DiagonalGaussianFlow(mean, sd.Select(s => s * widening).ToArray());
        }
    }

    private sealed class Flow(float scale) : INormalizingFlow
    {
        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => (x * scale, torch.full([x.size(0)], (float)(x.size(1) * Math.Log(scale))));

        public Tensor Inverse(Tensor z) => z / scale;
    }
}
