using Grader.Contracts.Quickies;
using static Grader.Checks.Hidden.Quickies.LossComparison;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (e), sheet 000, the VAE: the hand-in's negative ELBO per example equals, computed in double,
/// ½ Σ_d [ln 2π + ln σ_x² + (x − μ_x)²/σ_x²] + ½ Σ_k [μ_z² + σ_z² − 1 − ln σ_z²], on <see cref="Calls"/> calls with
/// N ≤ 6, D ≤ 8, K ≤ 4, data and means N(0, 1), log-variances uniform on [−2, 1], drawn from the run's seed; every run
/// has a one-dimensional latent (K = 1, with D, N ≥ 2) in its first call, one-dimensional data with K ≥ 2 in its second,
/// the third drawn freely (<see cref="CaseClasses"/>). Scale per
/// example: ½ Σ_d [ln 2π + |ln σ_x²| + ((x − μ)² + 2|x − μ|(|x| + |μ|))/σ_x²·(1 + |ln σ_x²|)] + ½ Σ_k [μ_z² + σ_z²(1 +
/// |ln σ_z²|) + 1 + |ln σ_z²|]; terms = D + K + 2. The loss without its KL term, and with the KL's sign flipped, are named.
/// </summary>
public sealed class VaeLossMatches() : DrawnCallsCheck<IVaeLoss, VaeLossMatches.VaeCase>(
    "quickies.heidelberg.vae-loss-matches",
    Calls, $"The negative ELBO matches on {Calls} calls", Draw, Classes)
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;

    /// <summary>One call's inputs: N examples of D data and K latent dimensions, the data, the encoder's and the decoder's means and log-variances.</summary>
    public sealed record VaeCase(int N, int D, int K, float[] X, float[] MuZ, float[] LvZ, float[] MuX, float[] LvX);

    /// <summary>Call <paramref name="c"/>'s inputs: call 0 has K = 1 and D, N ≥ 2; call 1 D = 1 and K ≥ 2; call 2 free sizes.</summary>
    public static VaeCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = (int)g.NextInt(c == 0 ? 2 : 1, 7), d = (int)g.NextInt(c == 0 ? 2 : 1, c == 1 ? 2 : 9), k = (int)g.NextInt(c == 1 ? 2 : 1, c == 0 ? 2 : 5);
        return new VaeCase(n, d, k, Normal(g, n * d, 1), Normal(g, n * k, 1), Uniform(g, n * k, -2, 1), Normal(g, n * d, 1), Uniform(g, n * d, -2, 1));
    }

    /// <summary>The sizes that tell the per-example sums from their near misses.</summary>
    public static CaseClasses<VaeCase> Classes { get; } = new(
        new CaseClass<VaeCase>("one-dimensional-latent", "a KL reduced over the examples' axis (dim 0): for K = 1 it broadcasts back to one value per example, so only its value shows it", v => v.K == 1 && v.N >= 2),
        new CaseClass<VaeCase>("several-latent-dimensions", "the KL averaged over the latent dimensions instead of summed (equal when K = 1)", v => v.K >= 2),
        new CaseClass<VaeCase>("one-dimensional-data", "a reconstruction term reduced over the examples' axis, which broadcasts for D = 1", v => v.D == 1),
        new CaseClass<VaeCase>("several-data-dimensions", "the reconstruction averaged over the data dimensions instead of summed (equal when D = 1)", v => v.D >= 2));

    protected override CheckResult? Call(HandinCall call, IVaeLoss handin, VaeCase drawn)
    {
        var (n, d, k, x, muZ, lvZ, muX, lvX) = drawn;
        double[] expected = new double[n], scale = new double[n], noKl = new double[n], klFlipped = new double[n];
        for (int i = 0; i < n; i++)
        {
            double reconstruction = 0, kl = 0, s = 0;
            for (int j = 0; j < d; j++)
            {
                double xi = x[i * d + j], mu = muX[i * d + j], lv = lvX[i * d + j], diff = xi - mu, variance = Math.Exp(lv);
                reconstruction += 0.5 * (Math.Log(2 * Math.PI) + lv + diff * diff / variance);
                s += 0.5 * (Math.Log(2 * Math.PI) + Math.Abs(lv) + (diff * diff + 2 * Math.Abs(diff) * (Math.Abs(xi) + Math.Abs(mu))) / variance * (1 + Math.Abs(lv)));
            }
            for (int j = 0; j < k; j++)
            {
                double mu = muZ[i * k + j], lv = lvZ[i * k + j], variance = Math.Exp(lv);
                kl += 0.5 * (mu * mu + variance - 1 - lv);
                s += 0.5 * (mu * mu + variance * (1 + Math.Abs(lv)) + 1 + Math.Abs(lv));
            }
            expected[i] = reconstruction + kl;
            noKl[i] = reconstruction;
            klFlipped[i] = reconstruction - kl;
            scale[i] = s;
        }
        const string what = "NegativeElbo(x, encoder, decoder)";
        return CallAndCompare(call, what, () => handin.NegativeElbo(tensor(x, n, d), new DiagonalGaussian(tensor(muZ, n, k), tensor(lvZ, n, k)), new DiagonalGaussian(tensor(muX, n, d), tensor(lvX, n, d))), [n], expected, scale, d + k + 2,
                [
                    new Variant(noKl, "Your value is the reconstruction term alone: the negative ELBO adds the KL divergence of the encoder's q(z | x) from the prior."),
                    new Variant(klFlipped, "Your value subtracts the KL divergence: the ELBO is the expected log-likelihood minus the KL, so the negative ELBO adds it."),
                ],
                "The negative ELBO is −log p(x | z) under the decoder's Gaussian plus KL(q(z | x) ‖ N(0, I)), per example.");
    }
}
