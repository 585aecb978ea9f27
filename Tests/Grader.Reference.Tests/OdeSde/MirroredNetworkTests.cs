using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="MirroredNetwork"/> and <see cref="LopsidedMixture"/>, the training checks' mirror score (issue 45: a
/// trainer that ignores its data): the mirrored network against the closed form of an asymmetric one, the mirrored
/// model's log p (ODE, rk4) and ELBO (SDE, ε mirrored) equal to the model's at −y, and the lopsided law's weights and own
/// mirror score against values computed apart (Python, trapezoid in steps of 0.005: 0.1501 at tilt 0.2, 0.3308 at 0.3).
/// </summary>
public class MirroredNetworkTests
{
    private static readonly RowFunction Asymmetric = new((x, t) => Math.Sin(x) * (1 + t) + 0.3 * x * x + t, (x, t) => Math.Cos(x) * (1 + t) + 0.6 * x, (x, _) => Math.Sin(x) + 1);

    [Test]
    public void An_odd_network_is_negated_at_minus_x_and_an_even_one_read_there()
    {
        var x = tensor(new[] { -1.5f, 0.25f, 2f }, 3, 1);
        var t = tensor(new[] { 0f, 0.3f, 0.9f }, 3, 1);
        double[] xs = [-1.5, 0.25, 2], ts = [0, 0.3, 0.9];
        foreach (bool odd in new[] { true, false })
        {
            var m = new MirroredNetwork(Asymmetric, odd);
            double s = odd ? -1 : 1;
            var (value, dx, dt) = (m.Forward(x, t).ToDoubleArray(), m.PartialX(x, t).ToDoubleArray(), m.PartialT(x, t).ToDoubleArray());
            for (int i = 0; i < 3; i++)
            {
                double u = -xs[i], time = ts[i];
                value[i].Should().BeApproximately(s * (Math.Sin(u) * (1 + time) + 0.3 * u * u + time), 1e-5, $"value, odd {odd}, row {i}");
                dx[i].Should().BeApproximately(-s * (Math.Cos(u) * (1 + time) + 0.6 * u), 1e-5, $"∂x (chain rule), odd {odd}, row {i}");
                dt[i].Should().BeApproximately(s * (Math.Sin(u) + 1), 1e-5, $"∂t, odd {odd}, row {i}");
            }
        }
    }

    [Test]
    public void The_mirrored_drift_gives_y_the_log_likelihood_the_drift_gives_minus_y()
    {
        var drift = new RowFunction((x, t) => 0.8 * Math.Tanh(x + 0.5) * (1 + t) + 0.3 * t, (x, t) => 0.8 * (1 - Math.Tanh(x + 0.5) * Math.Tanh(x + 0.5)) * (1 + t), (x, _) => 0.8 * Math.Tanh(x + 0.5) + 0.3);
        var y = tensor(new[] { -6f, -1.2f, 0.4f, 3.5f, 7.9f }, 5, 1);
        var mirrored = OdeLogLikelihood.Compute(ContractNetwork.Of(new MirroredNetwork(drift, odd: true)), y, OdeMethod.Rk4).ToDoubleArray();
        var atMinusY = OdeLogLikelihood.Compute(ContractNetwork.Of(drift), -y, OdeMethod.Rk4).ToDoubleArray();
        atMinusY.Should().OnlyContain(v => double.IsFinite(v));
        for (int i = 0; i < 5; i++) mirrored[i].Should().BeApproximately(atMinusY[i], 1e-5 * (1 + Math.Abs(atMinusY[i])), $"row {i}");
        var plain = OdeLogLikelihood.Compute(ContractNetwork.Of(drift), y, OdeMethod.Rk4).ToDoubleArray();
        plain.Zip(mirrored).Max(p => Math.Abs(p.First - p.Second)).Should().BeGreaterThan(0.1, "the drift is asymmetric, so the mirror changes its scores");
    }

    [Test]
    public void The_mirrored_model_gives_y_the_elbo_the_model_gives_minus_y_with_the_noise_mirrored()
    {
        var f = Asymmetric;
        var sigma = new RowFunction((x, t) => 0.5 + 0.2 * Math.Tanh(x + 0.3) + 0.1 * t, (x, _) => 0.2 * (1 - Math.Tanh(x + 0.3) * Math.Tanh(x + 0.3)), (_, _) => 0.1);
        var alpha = new RowFunction((y, t) => t * y + (1 - t) * (0.4 * y + 0.7), (y, t) => t + (1 - t) * 0.4, (y, _) => y - (0.4 * y + 0.7));
        var beta = new RowFunction((y, t) => 0.2 + 0.3 * (1 - t) * (1 + 0.1 * y * y), (y, t) => 0.06 * (1 - t) * y, (y, _) => -0.3 * (1 + 0.1 * y * y));
        var y = tensor(new[] { -6f, -1.2f, 0.4f, 3.5f, 7.9f }, 5, 1);
        var b = tensor(new[] { 0.3f }, 1);
        Tensor Elbo(IDifferentiableNetwork[] n, Tensor at, IElboNoiseSource noise) =>
            SdeElbo.Compute(ContractNetwork.Of(n[0]), ContractNetwork.Of(n[1]), ContractNetwork.Of(n[2]), ContractNetwork.Of(n[3]), b, at, noise).Elbo;
        var mirrored = Elbo([new MirroredNetwork(f, true), new MirroredNetwork(sigma, false), new MirroredNetwork(alpha, true), new MirroredNetwork(beta, false)], y,
            new GeneratorElboNoise(new Generator(7))).ToDoubleArray();
        var atMinusY = Elbo([f, sigma, alpha, beta], -y, new MirroredNoise(new GeneratorElboNoise(new Generator(7)))).ToDoubleArray();
        for (int i = 0; i < 5; i++) mirrored[i].Should().BeApproximately(atMinusY[i], 1e-4 * (1 + Math.Abs(atMinusY[i])), $"row {i}");
        var plain = Elbo([f, sigma, alpha, beta], y, new GeneratorElboNoise(new Generator(7))).ToDoubleArray();
        plain.Zip(mirrored).Max(p => Math.Abs(p.First - p.Second)).Should().BeGreaterThan(0.1, "the model is asymmetric, so the mirror changes its ELBO");
    }

    [Test]
    public void The_lopsided_law_tilts_the_sheet_mixture_and_knows_its_own_mirror_score()
    {
        var w = LopsidedMixture.Weights(0.3);
        w.Sum().Should().BeApproximately(1, 1e-12);
        (w[4] / w[0]).Should().BeApproximately(Math.Exp(1.2), 1e-9, "w_k ∝ exp(0.3·(k − 2))");
        foreach (var (tilt, expected) in new[] { (0.2, 0.1501), (0.3, 0.3308) })
        {
            var law = new LopsidedMixture(TrainingSetWithLogLikelihood.LaplaceMixture(LopsidedMixture.Weights(-tilt)), -1, tilt);
            law.MirrorScore().Should().BeApproximately(expected, 2e-4, $"E[log p(Y) − log p(−Y)] at tilt {tilt}");
            law.Set.LogDensity(-8).Should().BeGreaterThan(law.Set.LogDensity(8), "direction −1 makes the left side heavier");
        }
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var drawn = LopsidedMixture.Draw(new Generator(seed));
            drawn.Tilt.Should().BeInRange(LopsidedMixture.TiltLow, LopsidedMixture.TiltHigh);
            drawn.Direction.Should().BeOneOf(-1, 1);
            drawn.Set.TotalProbability().Should().BeApproximately(1, 1e-9);
        }
    }

    /// <summary>A noise source whose ε are the negatives of another's (t the same).</summary>
    private sealed class MirroredNoise(IElboNoiseSource inner) : IElboNoiseSource
    {
        public Tensor Times(int[] shape) => inner.Times(shape);

        public Tensor NoiseAtZero(int[] shape) => -inner.NoiseAtZero(shape);

        public Tensor NoiseAtOne(int[] shape) => -inner.NoiseAtOne(shape);

        public Tensor NoiseAtTime(int[] shape) => -inner.NoiseAtTime(shape);
    }
}
