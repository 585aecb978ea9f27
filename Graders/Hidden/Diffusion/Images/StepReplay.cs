using Grader.Checks.Diffusion.Support;
using Grader.Checks.Diffusion.Tolerance;
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

    /// <summary>
    /// The factor on a rule's float32 bound of one step (<see cref="StepRule.Error"/>, for the x̂₀ form of the step): 4, so
    /// an evaluation in another order (the coefficients of x_t and ε̂ folded first, or the x̂₀ form's two products in
    /// another grouping: at most a few more roundings of the same terms) stays inside.
    /// </summary>
    public const double ErrorFactor = 4;

    /// <summary>
    /// A step whose replay fails: the step t, how many tolerances it is off, and whether it is μ_θ(x_t, t) without noise;
    /// <paramref name="NotEvaluated"/>: the network was never called at t; t = T: the rows it was given first are not the latents.
    /// </summary>
    public sealed record WrongStep(int T, double Tolerances, bool NoiseMissing, bool NotEvaluated = false);

    /// <summary>
    /// One reverse step as the replay computes it, per step t (code index): x_{t−1} = A_t·x_t + B_t·ε̂ + Sigma_t·z, and
    /// where given, <see cref="Error"/>(t, x, ε̂): a float32 bound of the step on one pixel, added to the tolerance
    /// (<see cref="ErrorFactor"/> times it).
    /// </summary>
    public sealed record StepRule(double[] A, double[] B, double[] Sigma, Func<int, double, double, double>? Error = null)
    {
        /// <summary>The posterior step of 1 (a) (σ_t² = β̃_t) or DTU's Algorithm 2 (σ_t² = β_t): μ_θ = (x_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t.</summary>
        public static StepRule Posterior(IReadOnlyList<double> betas, ReverseVariance variance)
        {
            var alphaBar = AlphaBar(betas);
            int steps = betas.Count;
            double[] a = new double[steps], b = new double[steps], sigma = new double[steps];
            for (var t = 1; t < steps; t++)
            {
                double beta = betas[t];
                a[t] = 1 / Math.Sqrt(1 - beta);
                b[t] = -a[t] * beta / Math.Sqrt(1 - alphaBar[t]);
                sigma[t] = Math.Sqrt(variance == ReverseVariance.Beta ? beta : beta * (1 - alphaBar[t - 1]) / (1 - alphaBar[t]));
            }
            return new StepRule(a, b, sigma);
        }

        /// <summary>
        /// DDIM at η = 0 (1 (d)): x_{t−1} = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1})·ε̂ with x̂₀ = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t, no noise;
        /// <see cref="Error"/> is <see cref="Float32Bound"/>'s running bound of that x̂₀ form on the pixel's x_t and ε̂ (the
        /// coefficients rounded to float32 once, as a program that computes them in double and casts them).
        /// </summary>
        /// <remarks>
        /// Why a bound of its own: x̂₀ divides by √ᾱ_t (down to 4.5e-3 on the check's schedule), so its rounding is
        /// u·(|x_t| + √(1 − ᾱ_t)|ε̂|)/√ᾱ_t, and the product with √ᾱ_{t−1} gives it back only up to 1/√α_t; where x_{t−1}
        /// itself is small (the two terms cancel), τ·(1 + |x_{t−1}|) alone would not cover it for large |x_t| + |ε̂|.
        /// </remarks>
        public static StepRule Ddim(IReadOnlyList<double> betas)
        {
            var alphaBar = AlphaBar(betas);
            int steps = betas.Count;
            double[] a = new double[steps], b = new double[steps];
            for (var t = 1; t < steps; t++)
            {
                a[t] = Math.Sqrt(alphaBar[t - 1] / alphaBar[t]);
                b[t] = Math.Sqrt(1 - alphaBar[t - 1]) - Math.Sqrt(alphaBar[t - 1] * (1 - alphaBar[t]) / alphaBar[t]);
            }
            return new StepRule(a, b, new double[steps], (t, x, eps) =>
            {
                var x0 = (Float32Bound.Input(x) - Float32Bound.Input(Math.Sqrt(1 - alphaBar[t])) * Float32Bound.Input(eps)) / Float32Bound.Input(Math.Sqrt(alphaBar[t]));
                return (Float32Bound.Input(Math.Sqrt(alphaBar[t - 1])) * x0 + Float32Bound.Input(Math.Sqrt(1 - alphaBar[t - 1])) * Float32Bound.Input(eps)).Error;
            });
        }

        private static double[] AlphaBar(IReadOnlyList<double> betas)
        {
            ArgumentNullException.ThrowIfNull(betas);
            var alphaBar = new double[betas.Count];
            double product = 1;
            for (var t = 0; t < betas.Count; t++) alphaBar[t] = product *= 1 - betas[t];
            return alphaBar;
        }
    }

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
    /// of <paramref name="noiseOfStep"/>(t); null when every step replays within the tolerance (the posterior step of 1 (a)
    /// or DTU's Algorithm 2, <see cref="StepRule.Posterior"/>; steps the network was not called at are passed over).
    /// </summary>
    public static WrongStep? FirstWrong(Recorder recorded, IReadOnlyList<double> betas, ReverseVariance variance, Func<int, float[][]> noiseOfStep)
    {
        ArgumentNullException.ThrowIfNull(noiseOfStep);
        return FirstWrong(recorded, StepRule.Posterior(betas, variance), noiseOfStep, start: null);
    }

    /// <summary>
    /// The whole chain replayed: the rows the network was given first (at t = T − 1) must be <paramref name="start"/> (the
    /// latents, each matched by a row and each row by a latent), the network must have been called at every t = T − 1 … 0,
    /// and each x_{t−1} must be <paramref name="rule"/>'s step from a recorded x_t and its ε̂ (plus σ_t times a row of
    /// <paramref name="noiseOfStep"/>(t) where the rule has noise). Null when all of it holds. With a null
    /// <paramref name="start"/>, only the steps are replayed and steps never evaluated are passed over.
    /// </summary>
    public static WrongStep? FirstWrong(Recorder recorded, StepRule rule, Func<int, float[][]>? noiseOfStep, float[][]? start)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(rule);
        var steps = rule.A.Length;
        if (start is not null)
        {
            for (var t = steps - 1; t >= 0; t--)
                if (recorded.At(t).Count == 0) return new WrongStep(t, double.PositiveInfinity, NoiseMissing: false, NotEvaluated: true);
            var first = recorded.At(steps - 1);
            var latents = start.Select(r => r.Select(v => (double)v).ToArray()).ToList();
            // Both ways: every latent is a row the network was given first, and every such row is a latent.
            var worst = Math.Max(
                start.Max(latent => first.Min(r => Off(latent, r.X.Select(v => (double)v).ToArray(), null, 0, null, double.PositiveInfinity))),
                first.Max(r => latents.Min(latent => Off(r.X, latent, null, 0, null, double.PositiveInfinity))));
            if (worst > 1) return new WrongStep(steps, worst, NoiseMissing: false);
        }
        for (var t = steps - 1; t >= 1; t--)
        {
            var from = recorded.At(t);
            var to = recorded.At(t - 1);
            if (from.Count == 0 || to.Count == 0) continue;
            double a = rule.A[t], b = rule.B[t], sigma = rule.Sigma[t];
            var means = from.Select(r => r.X.Select((x, p) => a * x + b * r.Eps[p]).ToArray()).ToList();
            var errors = rule.Error is { } error ? from.Select(r => r.X.Select((x, p) => error(t, x, r.Eps[p])).ToArray()).ToList() : null;
            var noises = sigma > 0 && noiseOfStep is not null ? noiseOfStep(t).Select(z => (float[]?)z).ToArray() : new float[]?[] { null };
            double worst = 0;
            var worstRow = 0;
            for (var j = 0; j < to.Count; j++)
            {
                var y = to[j].X;
                // The row's own x_t and noise first (a sampler that keeps its batch in order), then every pairing.
                var best = Off(y, means[j % means.Count], noises[j % noises.Length], sigma, errors?[j % means.Count], 1);
                if (best > 1)
                    for (var m = 0; m < means.Count; m++)
                        foreach (var z in noises)
                            best = Math.Min(best, Off(y, means[m], z, sigma, errors?[m], best));
                if (best > worst) (worst, worstRow) = (best, j);
            }
            if (worst <= 1) continue;
            // The scans stop early; the worst row's distance is measured in full for the message.
            worst = Enumerable.Range(0, means.Count).SelectMany(m => noises.Select(z => Off(to[worstRow].X, means[m], z, sigma, errors?[m], double.PositiveInfinity))).Min();
            var withoutNoise = sigma > 0 && to.All(r => Enumerable.Range(0, means.Count).Any(m => Off(r.X, means[m], null, 0, errors?[m], 1) <= 1));
            return new WrongStep(t, worst, withoutNoise);
        }
        return null;
    }

    /// <summary>
    /// max over pixels of |y − μ − σz| / (τ·(1 + |μ| + σ|z|) + <see cref="ErrorFactor"/>·e), e the rule's float32 bound of
    /// the pixel's step (0 without one), the scan stopped once it exceeds <paramref name="enough"/>.
    /// </summary>
    private static double Off(float[] y, double[] mean, float[]? z, double sigma, double[]? error, double enough)
    {
        double worst = 0;
        for (var p = 0; p < y.Length; p++)
        {
            double noise = z is null ? 0 : sigma * z[p];
            var tolerance = Tolerance * (1 + Math.Abs(mean[p]) + Math.Abs(noise)) + (error is null ? 0 : ErrorFactor * error[p]);
            worst = Math.Max(worst, Math.Abs(y[p] - mean[p] - noise) / tolerance);
            if (worst > enough) break;
        }
        return worst;
    }

    /// <summary>The rows of the noise the grader's keyed source gives for step <paramref name="t"/> in <paramref name="shape"/> (a fresh source: the same values).</summary>
    public static float[][] NoiseRows(ulong seed, int t, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Rows(new KeyedNoise(seed).ForStep(t, shape), shape[0]);
    }

    /// <summary>The <paramref name="count"/> rows of <paramref name="batch"/> (its first axis), each flattened.</summary>
    public static float[][] Rows(Tensor batch, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var z = batch.contiguous().ToArray();
        var d = z.Length / count;
        return Enumerable.Range(0, count).Select(i => z[(i * d)..((i + 1) * d)]).ToArray();
    }

    /// <summary>What the student reads of a wrong step: the step relative to T, and whether its noise is missing.</summary>
    public static string Describe(WrongStep wrong, int steps, ReverseVariance variance) => Describe(wrong, steps, variance == ReverseVariance.Beta ? "β_t" : "β̃_t", start: "the latents");

    /// <summary>
    /// What the student reads of a wrong step of a replayed chain: <paramref name="sigmaSquared"/> names the step's
    /// variance (null: a step without noise, DDIM at η = 0); <paramref name="start"/> says what the first rows should be.
    /// </summary>
    public static string Describe(WrongStep wrong, int steps, string? sigmaSquared, string start)
    {
        ArgumentNullException.ThrowIfNull(wrong);
        if (wrong.NotEvaluated)
            return wrong.T == steps - 1
                ? "Your images match the reference's, but your process never evaluated ε̂ at t = T − 1 (the first reverse step): it starts one step late. The reverse process starts from the latent x_{T−1} and makes one step for every t = T − 1, …, 0."
                : $"Your images match the reference's, but your process never evaluated ε̂ at {StepName.Of(wrong.T, steps)}: the reverse process makes one step for every t = T − 1, …, 0.";
        if (wrong.T == steps)
            return $"Your images match the reference's, but the x_{{T−1}} your process fed the ε-network first are not {start}: one of them is {F(wrong.Tolerances)} tolerances from every row you started from, or a row you started from is that far from all of them.";
        var where = wrong.T == 1 ? "the step at t = 1 (the last step that adds noise)"
            : wrong.T == steps - 1 ? $"the step at {StepName.Of(wrong.T, steps)}"
            : "a step between the first and the last";
        if (sigmaSquared is null)
            return $"Your images match the reference's, but {where} does not give √ᾱ_{{t−1}}·x̂₀ + √(1 − ᾱ_{{t−1}})·ε̂ with x̂₀ = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t: the x_{{t−1}} your process fed the ε-network next is {F(wrong.Tolerances)} tolerances from that value for every x_t it was given.";
        return wrong.NoiseMissing
            ? $"Your images match the reference's, but {where} adds no noise: the x_{{t−1}} your process fed the ε-network next is μ_θ(x_t, t) alone. Every step but the one at t = 0 adds σ_t z with z the noise of that step."
            : $"Your images match the reference's, but {where} does not give μ_θ(x_t, t) + σ_t z with the noise of that step (σ_t² = {sigmaSquared}): the x_{{t−1}} your process fed the ε-network next is {F(wrong.Tolerances)} tolerances from every such value.";
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
