using System.Reflection;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Remote.Channel;

namespace Grader.Runner.Tests.Remote;

/// <summary>
/// Issue 79, stop 90: a training call's CPU budget follows the steps it was asked for. 3.5's image check asks
/// <see cref="IDtuTrainingRun.TrainOnImages"/> for 1,000 steps per run and, only for a hand-in those runs failed, for
/// 8,000 once (its longer training); an ordinary call has the budget of 1,000 steps (the larger of 10 × the reference's
/// 3.04 s of CPU and 2 × the sheet's U-Net's 70 s: 140 s, where stop 89 gave every call 8 × 30.4 s), so a CPU-bound
/// loop in it is stopped there, and only the 8,000-step call has eight times that; the grader thread's backstop
/// (<see cref="CallCpu.LongestHangGuard"/>) is the longest ordinary call's (3.5's, ≈ 47 min), not the longer training's (≈ 6 h).
/// </summary>
public class CallCpuStepsTests
{
    /// <summary>Budgets are seconds × factors in double: equal to the millisecond.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private static readonly MethodInfo TrainOnImages = typeof(IDtuTrainingRun).GetMethod(nameof(IDtuTrainingRun.TrainOnImages))!;

    [Test]
    public void A_cpu_bound_loop_in_an_ordinary_image_training_call_is_stopped_at_the_ordinary_budget_and_only_the_longer_call_has_a_longer_one()
    {
        var budget = CallCpu.DefaultBudget;
        var ordinary = TimeSpan.FromSeconds(70 * CallCpu.SheetNetworkFactor);
        ordinary.Should().BeGreaterThan(TimeSpan.FromSeconds(3.04 * CallCpu.TrainingFactor), "the sheet's U-Net costs more than 10 × ddpm.py's network")
            .And.BeLessThan(TimeSpan.FromSeconds(8 * 3.04 * CallCpu.TrainingFactor), "an ordinary call has less than stop 89's budget of the longer training");

        // The steps argument read off a call as the channel records it.
        object?[] args = [null, null, 1000, null, null];
        CallInFlight.StepsOf(TrainOnImages, args).Should().Be(1000);
        CallInFlight.StepsOf(TrainOnImages, [null, null, 8000, null, null]).Should().Be(8000);
        CallInFlight.StepsOf(typeof(IDtuTrainingRun).GetMethod(nameof(IDtuTrainingRun.Trained))!, [196, 100, null, null]).Should().BeNull("Trained has no steps");

        var ordinaryCall = new CallInFlight(typeof(IDtuTrainingRun), TrainOnImages, 1) { Steps = 1000 };
        var longerCall = new CallInFlight(typeof(IDtuTrainingRun), TrainOnImages, 2) { Steps = 8000 };
        CallCpu.BudgetOf(typeof(IDtuTrainingRun), TrainOnImages, budget, 1000).Should().BeCloseTo(ordinary, Tick, "an ordinary call has the budget of 1,000 steps");
        CallCpu.BudgetOf(typeof(IDtuTrainingRun), TrainOnImages, budget, 500).Should().BeCloseTo(ordinary, Tick, "fewer steps than measured never lower the budget");
        CallCpu.BudgetOf(typeof(IDtuTrainingRun), TrainOnImages, budget).Should().BeCloseTo(ordinary, Tick, "a call whose steps are not known gets the ordinary budget");
        CallCpu.BudgetOf(typeof(IDtuTrainingRun), TrainOnImages, budget, 8000).Should().BeCloseTo(ordinary * 8, Tick, "the longer training asks for 8 times the steps");
        CallCpu.BudgetOf(typeof(IDtuTrainingRun), TrainOnImages, budget * 2, 8000).Should().BeCloseTo(ordinary * 16, Tick, "the tutor's per-call budget scales it alike");

        // The CPU-bound loop: each call has used just over the ordinary budget since it started.
        var started = new Dictionary<CallInFlight, TimeSpan>(ReferenceEqualityComparer.Instance) { [ordinaryCall] = TimeSpan.Zero, [longerCall] = TimeSpan.Zero };
        var justOver = ordinary + TimeSpan.FromSeconds(0.1);
        var within = ordinary - TimeSpan.FromSeconds(0.1);
        CallCpu.OverBudget([ordinaryCall], started, justOver, budget).Should().BeSameAs(ordinaryCall, "a CPU-bound loop in an ordinary call ends at the ordinary budget");
        CallCpu.OverBudget([ordinaryCall], started, within, budget).Should().BeNull("the ordinary budget is the call's");
        CallCpu.OverBudget([longerCall], started, justOver, budget).Should().BeNull("the 8,000-step call has its own budget");
        CallCpu.OverBudget([longerCall], started, ordinary * 8 + TimeSpan.FromSeconds(0.1), budget).Should().BeSameAs(longerCall, "and ends at it");

        // Hang guards: each call's follows its budget; the backstop is the largest ordinary call's (3.5's, 140 s × 20 ≈ 47 min), not the longer call's.
        CallCpu.HangGuard(typeof(IDtuTrainingRun), TrainOnImages, budget, 1000).Should().BeCloseTo(ordinary * CallCpu.LoadFactor, Tick);
        CallCpu.HangGuard(typeof(IDtuTrainingRun), TrainOnImages, budget, 8000).Should().BeCloseTo(ordinary * 8 * CallCpu.LoadFactor, Tick);
        var ode = CallCpu.BudgetOf(typeof(IOdeTrainingRun), typeof(IOdeTrainingRun).GetMethod(nameof(IOdeTrainingRun.Train))!, budget);
        ode.Should().BeLessThan(ordinary, "the ODE's is the longest reference network's ordinary call, below the sheet's U-Net's");
        CallCpu.LongestHangGuard(budget).Should().BeCloseTo(ordinary * CallCpu.LoadFactor, Tick, "the grader thread's backstop is the longest ordinary training call's");
        CallCpu.LongestHangGuard(budget).Should().BeLessThan(CallCpu.HangGuard(typeof(IDtuTrainingRun), TrainOnImages, budget, 8000), "not the longer training's");
    }
}
