using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class SameNoiseTrajectoryMatchesReferenceTests
{
    private static readonly SameNoiseTrajectoryMatchesReference Check = new();

    [Test]
    public void ATrajectoryWithoutTheLatentsIsNotTakenForASkippedStep() =>
        DiffusionCheckHarness.Run(Check, new FormulaSameNoise(SameNoiseBug.WithoutLatents)).Message.Should().NotContain("never evaluated");

    [Test]
    public void TheHeidelbergStepsAreReadAsRawCodeIndices()
    {
        const int T = 10;
        SamplerSteps.Named(Enumerable.Range(0, T).Select(t => (double)t), T).Should().BeNull("every step 0 … T − 1 taken");
        SamplerSteps.Named(Enumerable.Range(1, T - 1).Select(t => (double)t), T).Should().Be(SamplerSteps.SkipsLastStep);
        SamplerSteps.Named(Enumerable.Range(1, T).Select(t => (double)t), T).Should().Be(SamplerSteps.StepsOneToT);
        SamplerSteps.Named([T - 1.0, T - 2.0], T).Should().BeNull("the chain broke off before t = 1: too little to tell");
        SamplerSteps.Named([], T).Should().BeNull();
        SamplerSteps.Named([double.NaN, 0.9999999], T).Should().BeNull("t = 0 after rounding");
    }

    /// <summary>Each bug fails, its message naming what was wrong (each case keeps the name it had as a test of its own).</summary>
    [TestCase(SameNoiseBug.WithoutLatents, "shape [250, 8, 2]", "T + 1 = 251 states", TestName = "ATrajectoryWithoutTheLatentsFailsOnItsShape")]
    [TestCase(SameNoiseBug.OnlySamples, "shape [8, 2]", "not only the samples", TestName = "OnlyTheSamplesFailOnTheirShape")]
    [TestCase(SameNoiseBug.Reversed, "in reverse order", "the latents first", TestName = "AReversedTrajectoryIsNamed")]
    public void ABugFailsNamingIt(SameNoiseBug bug, params string[] parts) =>
        DiffusionCheckHarness.Run(Check, new FormulaSameNoise(bug)).ShouldFailWith(parts);
}

public enum SameNoiseBug { None, PerSampleNoise, SigmaSquaredBeta, WithoutLatents, OnlySamples, Reversed, RowZeroOfPerSampleDraw, SkipsLastStep, SkipsLastStepPadded, StepsOneToT }

/// <summary>Heidelberg 1 (c): the notebook's p_sample_samenoise written from the formulas, with at most one bug.</summary>
internal sealed class FormulaSameNoise(SameNoiseBug bug, bool float32 = false) : ISameNoiseSampler
{
    public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var _ = no_grad();
        var s = new FormulaSchedule(schedule, float32);
        int n = latents.size(0), d = latents.size(1), T = schedule.T;
        var x = latents;
        var rows = new List<Tensor> { x };
        var skips = bug is SameNoiseBug.SkipsLastStep or SameNoiseBug.SkipsLastStepPadded;
        for (var t = T - 1; t >= (skips ? 1 : 0); t--)
        {
            // StepsOneToT: the paper's steps 1 … T fed to the network, the schedule read at t − 1 (the code index).
            var epsilonHat = network.Forward(x, full([n], bug == SameNoiseBug.StepsOneToT ? t + 1 : t));
            var x0 = x * (float)s.Sqrt(s.R(1 / s.AlphaBar[t])) - epsilonHat * (float)s.Sqrt(s.R(s.R(1 / s.AlphaBar[t]) - 1));
            var c0 = s.R(s.R(s.Beta[t] * s.Sqrt(s.Previous(t))) / s.R(1 - s.AlphaBar[t]));
            var c1 = s.R(s.R(s.R(1 - s.Previous(t)) * s.Sqrt(s.Alpha[t])) / s.R(1 - s.AlphaBar[t]));
            var mean = x0 * (float)c0 + x * (float)c1;
            var variance = bug == SameNoiseBug.SigmaSquaredBeta ? s.Beta[t] : s.BetaTilde(t);
            var z = t == 0 ? null
                : bug == SameNoiseBug.PerSampleNoise ? noise.ForStep(t, [n, d])
                : bug == SameNoiseBug.RowZeroOfPerSampleDraw ? noise.ForStep(t, [n, d]).narrow(0, 0, 1).expand(n, d)
                : noise.ForStep(t, [1, d]);
            x = z is not null ? mean + z * (float)s.Sqrt(variance) : mean;
            rows.Add(x);
        }

        if (bug == SameNoiseBug.WithoutLatents) rows.RemoveAt(0);
        if (bug == SameNoiseBug.SkipsLastStepPadded) rows.Add(x);
        if (bug == SameNoiseBug.Reversed) rows.Reverse();
        return bug == SameNoiseBug.OnlySamples ? x : stack(rows.ToArray());
    }
}
