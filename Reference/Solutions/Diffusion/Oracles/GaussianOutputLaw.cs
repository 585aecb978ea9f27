using System.Collections.Immutable;

namespace Grader.Reference.Diffusion.Oracles;

/// <summary>
/// The exact law of a sampler's output per coordinate when the data are N(μ, s²) per coordinate and the noise
/// predictor is the optimal (linear) one of <see cref="GaussianMixtureDenoiser.Single"/> (ml-anchors §6.4).
/// </summary>
/// <remarks>
/// <para>
/// With ε*(z, t) = K_t z + L_t, K_t = √(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t), L_t = −K_t √ᾱ_t μ, every step of
/// <see cref="ReverseSampler.Coefficients"/> z_prev = Z z + E ε̂ + σ ξ is affine: z_prev = c z + o + σ ξ with c = Z + E K_t,
/// o = E L_t. Starting from the latent law N(m₀, V₀) (default N(0, 1)), the state stays Gaussian with
/// m ← c m + o and V ← c² V + σ², computed in double.
/// </para>
/// <para>
/// Anchors for μ = 0.5, s² = 0.25, linear T = 1000 (ml-anchors §6.4, reproduced by the tests): DDPM σ² = β̃ → mean
/// 0.49999, variance 0.24613; σ² = β → 0.25075; DDIM η = 0 (all 1000 steps) → mean 0.49842, variance 0.24850;
/// DDIM η = 1 → identical to DDPM σ² = β̃; DDPM σ² = β̃ with its coefficients read one index late → 0.50086, 0.24923.
/// </para>
/// <para>
/// <see cref="Gain"/> = Π c is the derivative of the output with respect to the latent for a fixed noise sequence: with
/// the same noise for every sample (<see cref="SameNoiseSampler"/>), the difference of two outputs is exactly
/// Gain × the difference of their latents.
/// </para>
/// </remarks>
/// <param name="Mean">The output mean m.</param>
/// <param name="Variance">The output variance V.</param>
/// <param name="Gain">Π c over the steps.</param>
/// <param name="StateMeans">The mean of every state, latents first (length S + 1).</param>
/// <param name="StateVariances">The variance of every state, latents first (length S + 1).</param>
public sealed record GaussianOutputLaw(double Mean, double Variance, double Gain, ImmutableArray<double> StateMeans, ImmutableArray<double> StateVariances)
{
    /// <summary>The output law of <paramref name="sampler"/> for data N(<paramref name="dataMean"/>, <paramref name="dataVariance"/>).</summary>
    public static GaussianOutputLaw For(ReverseSampler sampler, double dataMean, double dataVariance, double latentMean = 0, double latentVariance = 1)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return For(sampler.Schedule, sampler.Timesteps.Select(sampler.Coefficients), dataMean, dataVariance, latentMean, latentVariance);
    }

    /// <summary>The output law of an explicit sequence of affine steps (e.g. a deliberately wrong variant in a test).</summary>
    public static GaussianOutputLaw For(BetaSchedule schedule, IEnumerable<AffineStep> steps, double dataMean, double dataVariance, double latentMean = 0, double latentVariance = 1)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(steps);
        if (!(dataVariance >= 0)) throw new ArgumentOutOfRangeException(nameof(dataVariance), dataVariance, "The data variance must be ≥ 0.");
        if (!(latentVariance >= 0)) throw new ArgumentOutOfRangeException(nameof(latentVariance), latentVariance, "The latent variance must be ≥ 0.");
        double m = latentMean, v = latentVariance, gain = 1;
        var means = ImmutableArray.CreateBuilder<double>();
        var variances = ImmutableArray.CreateBuilder<double>();
        means.Add(m);
        variances.Add(v);
        foreach (var step in steps)
        {
            var (k, l) = OracleCoefficients(schedule, step.T, dataMean, dataVariance);
            var c = step.Z + step.Epsilon * k;
            var o = step.Epsilon * l;
            m = c * m + o;
            v = c * c * v + step.NoiseVariance;
            gain *= c;
            means.Add(m);
            variances.Add(v);
        }

        return new GaussianOutputLaw(m, v, gain, means.ToImmutable(), variances.ToImmutable());
    }

    /// <summary>
    /// The optimal predictor for data N(μ, s²) at code index t as ε*(z) = K z + L:
    /// K = √(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t), L = −K √ᾱ_t μ.
    /// </summary>
    public static (double K, double L) OracleCoefficients(BetaSchedule schedule, int t, double dataMean, double dataVariance)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.RequireIndex(t);
        var abar = schedule.AlphaBar[t];
        var k = schedule.SqrtOneMinusAlphaBar[t] / (abar * dataVariance + 1 - abar);
        return (k, -k * schedule.SqrtAlphaBar[t] * dataMean);
    }
}
