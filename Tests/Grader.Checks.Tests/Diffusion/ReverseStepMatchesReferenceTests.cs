using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class ReverseStepMatchesReferenceTests
{
    private static readonly ReverseStepMatchesReference Check = new();

    /// <summary>Each bug fails, its message naming what was wrong (each case keeps the name it had as a test of its own).</summary>
    [TestCase(StepBug.ClipX0, "x̂₀ clipped to [−1, 1]", "t = 0", TestName = "ClippingIsNamed")]
    [TestCase(StepBug.AlphaBarPreviousInX0, "x̂₀ computed from ᾱ_{t−1}", TestName = "AlphaBarOffByOneIsNamed")]
    [TestCase(StepBug.TimeOverT, "called the network with time", "(t/T)", "raw code index t", TestName = "NormalisedTimeIsSeenInTheNetworksRecord")]
    [TestCase(StepBug.FirstRowOnly, "shape [1, 2]", "expected a tensor of shape [16, 2]", TestName = "AWrongShapeFails")]
    public void ABugFailsNamingIt(StepBug bug, params string[] parts) =>
        DiffusionCheckHarness.Run(Check, new FormulaReverseStep(bug)).ShouldFailWith(parts);

    [Test]
    public void AThrowingHandinErrors() =>
        DiffusionCheckHarness.Run(Check, new FormulaReverseStep(StepBug.Throws)).ShouldErrorWith("threw IndexOutOfRangeException");

    /// <summary>At t = 0 the step is skipped, whether the network was called (x_t handed back) or not; no "never called the network".</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void AStepSkippedAtTZeroIsNamed(bool callsTheNetwork)
    {
        var result = DiffusionCheckHarness.Run(Check, new FormulaReverseStep(callsTheNetwork ? StepBug.ReturnsXtAtLastStep : StepBug.SkipsLastStep));
        result.ShouldFailInOrder("differs from the reference at t = 0", "failing: t = 0.", "At t = 0 your step never evaluated the network or returned x_t unchanged: the last step of the reverse process");
        result.Message.Should().NotContain("It never called the network");
    }
}

public enum StepBug { None, SigmaSquaredBeta, ClipX0, AlphaBarPreviousInX0, NoiseAtLastStep, TimeOverT, FirstRowOnly, Throws, SkipsLastStep, ReturnsXtAtLastStep }

/// <summary>Heidelberg 1 (a): the notebook's p_sample, written from Ho et al. eqs. (7) and (15), with at most one bug.</summary>
internal sealed class FormulaReverseStep(StepBug bug, bool float32 = false) : IReverseStep
{
    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        if (bug == StepBug.Throws) throw new IndexOutOfRangeException("t + 1");
        if (bug == StepBug.SkipsLastStep && t == 0) return xt;
        using var _ = no_grad();
        var s = new FormulaSchedule(schedule, float32);
        var n = xt.size(0);
        var epsilonHat = network.Forward(xt, full([n], bug == StepBug.TimeOverT ? (float)t / schedule.T : t));
        var abar = bug == StepBug.AlphaBarPreviousInX0 ? s.Previous(t) : s.AlphaBar[t];
        var x0 = xt * (float)s.Sqrt(s.R(1 / abar)) - epsilonHat * (float)s.Sqrt(s.R(s.R(1 / abar) - 1));
        if (bug == StepBug.ClipX0) x0 = x0.clamp(-1f, 1f);
        var c0 = s.R(s.R(s.Beta[t] * s.Sqrt(s.Previous(t))) / s.R(1 - s.AlphaBar[t]));
        var c1 = s.R(s.R(s.R(1 - s.Previous(t)) * s.Sqrt(s.Alpha[t])) / s.R(1 - s.AlphaBar[t]));
        var mean = x0 * (float)c0 + xt * (float)c1;
        var variance = bug == StepBug.SigmaSquaredBeta ? s.Beta[t] : s.BetaTilde(t);
        var next = t == 0 && bug != StepBug.NoiseAtLastStep ? mean : mean + z * (float)s.Sqrt(variance);
        if (bug == StepBug.ReturnsXtAtLastStep && t == 0) next = xt.clone();
        return bug == StepBug.FirstRowOnly ? next.narrow(0, 0, 1) : next;
    }
}
