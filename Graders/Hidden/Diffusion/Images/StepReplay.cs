using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// Every reverse step of an image sampler replayed with the grader's noise (issue 45, item 5). The exact ε-network of a
/// finite set pulls every chain onto one image of the set, so a sampler's output forgets the noise of its last steps: a
/// sampler that adds no noise for the last few steps kept the reference's images within 6e-8. The replay looks at the
/// steps instead: the network (<see cref="Recorder"/>) records every x_t it is given and the ε̂ it returns; each
/// x_{t−1} it is given next must be μ_θ(x_t, t) + σ_t z_t for an x_t it was given at t and a row z_t of the noise the
/// grader's source returns for step t (μ_θ = (x_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t, σ_t² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t),
/// the sheet's 1 (a) in code indices; σ_t² = β_t in DTU's Algorithm 2), for every t = T − 1 … 1. The step at t = 0 adds no noise; its result is the
/// output, which the check compares with the reference's.
/// </summary>
/// <remarks>
/// <para>
/// Rows are matched, not indexed: a sampler that loops over the samples, or evaluates ε̂ twice, is replayed alike.
/// </para>
/// <para>
/// <b>Tolerance</b> per pixel τ·(1 + |μ_θ| + σ_t|z|), τ = <see cref="Tolerance"/> = 1e-4: a float32 step rounds each
/// of its few operations by u = 6e-8 relative to |x_t|/√α_t, |ε̂|·β_t/√(1 − ᾱ_t)/√α_t or σ_t|z|; the x̂₀ form of the
/// mean divides by √ᾱ_t ≥ 4.5e-3 before multiplying by √ᾱ_{t−1}β_t/(1 − ᾱ_t), which gives back that factor, so any
/// honest float32 form stays within 100 u of the double replay, 16 times inside τ. <b>Power</b>: a missing σ_t z_t
/// moves every pixel by σ_t|z|; on the check's schedule the smallest noisy step, t = 1, has σ₁ = 0.027, and some pixel
/// of an image of 196 has |z| &gt; 0.1 with probability 1 − 0.08¹⁹⁶, so the missing noise is 12 or more tolerances off (|μ| ≤ 1.2)
/// on every image; a σ_t of √β_t in place of √β̃_t differs by 0.028|z| at t = 1, alike.
/// </para>
/// </remarks>
public static class StepReplay
{
    /// <summary>τ: the relative per-pixel tolerance of one replayed step.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>A step whose replay fails: the step t, how many tolerances it is off, and whether it is μ_θ(x_t, t) without noise.</summary>
    public sealed record WrongStep(int T, double Tolerances, bool NoiseMissing);

    /// <summary>An ε-network that records the rows x_t it is given (one image each, any layout), their steps and the ε̂ it returns.</summary>
    public sealed class Recorder(IEpsilonNetwork inner, int steps, OracleTime time) : IEpsilonNetwork
    {
        private readonly Dictionary<int, List<(float[] X, float[] Eps)>> _rows = [];

        /// <summary>The network it records.</summary>
        public IEpsilonNetwork Inner => inner;

        /// <summary>The rows recorded at step t (empty when the network was not called at t).</summary>
        public IReadOnlyList<(float[] X, float[] Eps)> At(int t) => _rows.TryGetValue(t, out var rows) ? rows : [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            var eps = inner.Forward(zt, t);
            int n = zt.size(0), d = zt.numel() / Math.Max(n, 1);
            float[] x = zt.contiguous().ToArray(), e = eps.contiguous().ToArray(), times = t.ToArray();
            for (var i = 0; i < n; i++)
            {
                var step = TimeInput.Decode(times[times.Length == 1 ? 0 : i], time, steps);
                if (!_rows.TryGetValue(step, out var rows)) _rows[step] = rows = [];
                rows.Add((x[(i * d)..((i + 1) * d)], e[(i * d)..((i + 1) * d)]));
            }
            return eps;
        }
    }

    /// <summary>
    /// The first step, from t = T − 1 down, whose x_{t−1} rows are not μ_θ(x_t, t) + σ_t z_t for any recorded x_t and any row
    /// of <paramref name="noiseOfStep"/>(t); null when every step replays within the tolerance.
    /// </summary>
    public static WrongStep? FirstWrong(Recorder recorded, IReadOnlyList<double> betas, ReverseVariance variance, Func<int, float[][]> noiseOfStep)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(noiseOfStep);
        var alphaBar = new double[betas.Count];
        double product = 1;
        for (var t = 0; t < betas.Count; t++) alphaBar[t] = product *= 1 - betas[t];
        for (var t = betas.Count - 1; t >= 1; t--)
        {
            var from = recorded.At(t);
            var to = recorded.At(t - 1);
            if (from.Count == 0 || to.Count == 0) continue;
            double beta = betas[t], sigma = Math.Sqrt(variance == ReverseVariance.Beta ? beta : beta * (1 - alphaBar[t - 1]) / (1 - alphaBar[t]));
            double scale = 1 / Math.Sqrt(1 - beta), epsScale = beta / Math.Sqrt(1 - alphaBar[t]);
            var means = from.Select(r => r.X.Select((x, p) => scale * (x - epsScale * r.Eps[p])).ToArray()).ToList();
            var noises = noiseOfStep(t);
            double worst = 0;
            var worstRow = 0;
            for (var j = 0; j < to.Count; j++)
            {
                var y = to[j].X;
                // The row's own x_t and noise first (a sampler that keeps its batch in order), then every pairing.
                var best = Off(y, means[j % means.Count], noises[j % noises.Length], sigma, 1);
                if (best > 1)
                    foreach (var mean in means)
                        foreach (var z in noises)
                            best = Math.Min(best, Off(y, mean, z, sigma, best));
                if (best > worst) (worst, worstRow) = (best, j);
            }
            if (worst <= 1) continue;
            // The scans stop early; the worst row's distance is measured in full for the message.
            worst = means.SelectMany(mean => noises.Select(z => Off(to[worstRow].X, mean, z, sigma, double.PositiveInfinity))).Min();
            var withoutNoise = to.All(r => means.Any(mean => Off(r.X, mean, null, 0, 1) <= 1));
            return new WrongStep(t, worst, withoutNoise);
        }
        return null;
    }

    /// <summary>max over pixels of |y − μ − σz| / (τ·(1 + |μ| + σ|z|)), the scan stopped once it exceeds <paramref name="enough"/>.</summary>
    private static double Off(float[] y, double[] mean, float[]? z, double sigma, double enough)
    {
        double worst = 0;
        for (var p = 0; p < y.Length; p++)
        {
            double noise = z is null ? 0 : sigma * z[p];
            worst = Math.Max(worst, Math.Abs(y[p] - mean[p] - noise) / (Tolerance * (1 + Math.Abs(mean[p]) + Math.Abs(noise))));
            if (worst > enough) break;
        }
        return worst;
    }

    /// <summary>The rows of the noise the grader's keyed source gives for step <paramref name="t"/> in <paramref name="shape"/> (a fresh source: the same values).</summary>
    public static float[][] NoiseRows(ulong seed, int t, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var z = new KeyedNoise(seed).ForStep(t, shape).contiguous().ToArray();
        var d = z.Length / shape[0];
        return Enumerable.Range(0, shape[0]).Select(i => z[(i * d)..((i + 1) * d)]).ToArray();
    }

    /// <summary>What the student reads of a wrong step: the step relative to T, and whether its noise is missing.</summary>
    public static string Describe(WrongStep wrong, int steps, ReverseVariance variance)
    {
        ArgumentNullException.ThrowIfNull(wrong);
        var where = wrong.T == 1 ? "the step at t = 1 (the last step that adds noise)"
            : wrong.T == steps - 1 ? $"the step at {StepName.Of(wrong.T, steps)}"
            : "a step between the first and the last";
        return wrong.NoiseMissing
            ? $"Your images match the reference's, but {where} adds no noise: the x_{{t−1}} your process fed the ε-network next is μ_θ(x_t, t) alone. Every step but the one at t = 0 adds σ_t z with z the noise of that step."
            : $"Your images match the reference's, but {where} does not give μ_θ(x_t, t) + σ_t z with the noise of that step (σ_t² = {(variance == ReverseVariance.Beta ? "β_t" : "β̃_t")}): the x_{{t−1}} your process fed the ε-network next is {F(wrong.Tolerances)} tolerances from every such value.";
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
