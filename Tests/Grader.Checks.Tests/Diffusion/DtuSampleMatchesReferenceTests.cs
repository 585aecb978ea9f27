using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class DtuSampleMatchesReferenceTests
{
    private static readonly DtuSampleMatchesReference Check = new();

    [Test]
    public void TheStepsAreReadFromTheTimeInputs()
    {
        const int T = 10;
        float[][] All(IEnumerable<int> steps) => [.. steps.Select(t => new[] { (float)t / T, (float)t / T })];
        DtuSampleMatchesReference.StepsNamed(All(Enumerable.Range(0, T).Reverse()), T).Should().BeNull();
        DtuSampleMatchesReference.StepsNamed(All(Enumerable.Range(1, T - 1).Reverse()), T).Should().Be(DtuSampleMatchesReference.SkipsLastStep);
        DtuSampleMatchesReference.StepsNamed(All(Enumerable.Range(1, T).Reverse()), T).Should().Be(DtuSampleMatchesReference.StepsOneToT);
        DtuSampleMatchesReference.StepsNamed([], T).Should().BeNull();
    }

    /// <summary>Each bug fails, its message naming what was wrong (each case keeps the name it had as a test of its own).</summary>
    [TestCase(SampleBug.NoiseAtLastStep, "σ_t·z also added at t = 0", "it drew noise for t = 0", TestName = "NoiseAtTheLastStepIsNamedAndSeenInTheNoiseRequests")]
    [TestCase(SampleBug.SkipsLastStep, "never evaluated ε_θ at t = 0: the last step of Algorithm 2", TestName = "ASamplerThatNeverReachesTZeroIsNamed")]
    [TestCase(SampleBug.StepsOneToT, "fed the network the steps t = 1, …, T", TestName = "StepsOneToTAreNamed")]
    [TestCase(SampleBug.TimeNotNormalised, "raw step index t fed to the network", TestName = "RawTimeIsNamed")]
    [TestCase(SampleBug.EpsilonSign, "sign of ε_θ flipped", TestName = "FlippedSignIsNamed")]
    [TestCase(SampleBug.OwnLatent, "it never called noise.Latent(shape)", TestName = "ALatentOfItsOwnIsNamed")]
    [TestCase(SampleBug.Transposed, "shape [2, 64]", "expected a tensor of shape [64, 2]", TestName = "AWrongShapeFails")]
    [TestCase(SampleBug.Infinity, "returned +∞ at index [0, 1]", TestName = "InfinityFailsWithItsIndex")]
    public void ABugFailsNamingIt(SampleBug bug, params string[] parts) =>
        DiffusionCheckHarness.Run(Check, new FormulaDtuSampler(bug)).ShouldFailWith(parts);
}

public enum SampleBug { None, BetaTilde, NoiseAtLastStep, TimeNotNormalised, EpsilonSign, OwnLatent, Transposed, Infinity, SkipsLastStep, StepsOneToT }

/// <summary>DTU 3.4 sample written from Algorithm 2 (σ² = β), in the ε form or the posterior-mean form, with at most one bug.</summary>
internal sealed class FormulaDtuSampler(SampleBug bug, bool float32 = false, bool posteriorForm = false) : IDtuDdpm
{
    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random) => throw new NotImplementedException("negative_elbo");

    public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var _ = no_grad();
        var s = new FormulaSchedule(schedule, float32);
        int n = shape[0], T = schedule.T;
        var x = bug == SampleBug.OwnLatent ? randn(shape, new Generator(99)) : noise.Latent(shape);
        for (var t = T - 1; t >= (bug == SampleBug.SkipsLastStep ? 1 : 0); t--)
        {
            var time = full([n, 1], bug == SampleBug.TimeNotNormalised ? t : bug == SampleBug.StepsOneToT ? (float)(t + 1) / T : (float)t / T);
            var epsilonHat = network.Forward(x, time);
            if (bug == SampleBug.EpsilonSign) epsilonHat = -epsilonHat;
            Tensor mean;
            if (posteriorForm)
            {
                var x0 = x * (float)s.Sqrt(s.R(1 / s.AlphaBar[t])) - epsilonHat * (float)s.Sqrt(s.R(s.R(1 / s.AlphaBar[t]) - 1));
                var c0 = s.R(s.R(s.Beta[t] * s.Sqrt(s.Previous(t))) / s.R(1 - s.AlphaBar[t]));
                var c1 = s.R(s.R(s.R(1 - s.Previous(t)) * s.Sqrt(s.Alpha[t])) / s.R(1 - s.AlphaBar[t]));
                mean = x0 * (float)c0 + x * (float)c1;
            }
            else
            {
                mean = (x - epsilonHat * (float)s.R(s.Beta[t] / s.Sqrt(s.R(1 - s.AlphaBar[t])))) / (float)s.Sqrt(s.Alpha[t]);
            }

            var variance = bug == SampleBug.BetaTilde ? s.BetaTilde(t) : s.Beta[t];
            x = t > 0 || bug == SampleBug.NoiseAtLastStep ? mean + noise.ForStep(t, shape) * (float)s.Sqrt(variance) : mean;
        }

        return bug switch
        {
            SampleBug.Transposed => x.transpose(0, 1),
            SampleBug.Infinity => tensor(x.ToArray().Select((v, i) => i == 1 ? float.PositiveInfinity : v).ToArray(), shape),
            _ => x,
        };
    }
}
