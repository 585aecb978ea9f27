using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion.Oracles;

/// <summary>
/// The exact optimal noise predictor for data x₀ ~ Σ_k π_k N(μ_k, diag(Σ_k)): the minimiser of L_simple over all
/// functions, so a sampler run with it shows what a perfectly trained network would give (design.md, "Oracle
/// denoisers").
/// </summary>
/// <remarks>
/// <para>
/// Under q(z_t | x₀) = N(√ᾱ_t x₀, (1 − ᾱ_t) I) the noised marginal is p_t(z) = Σ_k π_k N(z; √ᾱ_t μ_k,
/// ᾱ_t Σ_k + (1 − ᾱ_t) I), and E[ε | z_t = z] = −√(1 − ᾱ_t)·∇_z ln p_t(z) (Tweedie). With responsibilities
/// r_k(z) ∝ π_k N(z; m_k, V_k) (computed with log-sum-exp in double), ∇ ln p_t(z) = −Σ_k r_k V_k⁻¹ (z − m_k).
/// </para>
/// <para>
/// For a single Gaussian N(μ, s²) per coordinate the predictor is linear:
/// ε*(z, t) = √(1 − ᾱ_t)(z − √ᾱ_t μ)/(ᾱ_t s² + 1 − ᾱ_t) (ml-anchors §6.4), which <see cref="GaussianOutputLaw"/> uses.
/// Zero variances are allowed (point masses; then the predictor equals <see cref="FiniteSetDenoiser"/>).
/// </para>
/// </remarks>
public sealed class GaussianMixtureDenoiser : IEpsilonModel
{
    private readonly double[] _logWeights;
    private readonly double[,] _means;
    private readonly double[,] _variances;

    /// <param name="schedule">The diffusion schedule.</param>
    /// <param name="weights">Mixture weights π_k ≥ 0 (normalised here).</param>
    /// <param name="means">Component means, [K, d].</param>
    /// <param name="variances">Diagonal component variances, [K, d], each ≥ 0.</param>
    public GaussianMixtureDenoiser(BetaSchedule schedule, double[] weights, double[,] means, double[,] variances)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(variances);
        var k = weights.Length;
        if (k == 0 || means.GetLength(0) != k || variances.GetLength(0) != k || variances.GetLength(1) != means.GetLength(1) || means.GetLength(1) == 0)
            throw new ArgumentException($"Need K ≥ 1 weights and [K, d] means and variances; got {k} weights, means [{means.GetLength(0)}, {means.GetLength(1)}], variances [{variances.GetLength(0)}, {variances.GetLength(1)}].");
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !(weights.Sum() > 0))
            throw new ArgumentException("The weights must be finite, ≥ 0 and not all 0.", nameof(weights));
        foreach (var v in variances)
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException("The variances must be finite and ≥ 0.", nameof(variances));
        var total = weights.Sum();
        Weights = weights.Select(w => w / total).ToArray();
        _logWeights = Weights.Select(w => Math.Log(w)).ToArray();
        _means = (double[,])means.Clone();
        _variances = (double[,])variances.Clone();
    }

    public BetaSchedule Schedule { get; }

    /// <summary>The normalised weights π_k.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The number of components K.</summary>
    public int Components => Weights.Count;

    /// <summary>The data dimension d.</summary>
    public int Dimension => _means.GetLength(1);

    /// <summary>Data N(μ, diag(s²)): one component, whose optimal predictor is linear in z.</summary>
    public static GaussianMixtureDenoiser Single(BetaSchedule schedule, double[] mean, double[] variance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        if (mean.Length != variance.Length) throw new ArgumentException("mean and variance must have the same dimension.");
        var m = new double[1, mean.Length];
        var v = new double[1, mean.Length];
        for (var j = 0; j < mean.Length; j++) { m[0, j] = mean[j]; v[0, j] = variance[j]; }
        return new GaussianMixtureDenoiser(schedule, [1.0], m, v);
    }

    /// <summary>
    /// DTU week 3 <c>ToyData.TwoGaussians</c> after the sheet's transform x → (x − 0.5)·2: weights [1/5, 4/5], means
    /// (0.5, 0.5) and (−0.5, −0.5) (from (0.75, 0.75) and (0.25, 0.25)), std 0.2 (from 0.1) in each coordinate.
    /// </summary>
    public static GaussianMixtureDenoiser DtuTwoGaussians(BetaSchedule schedule) =>
        new(schedule, [0.2, 0.8], new double[,] { { 0.5, 0.5 }, { -0.5, -0.5 } }, new double[,] { { 0.04, 0.04 }, { 0.04, 0.04 } });

    public Tensor Predict(Tensor zt, int[] t)
    {
        var (n, d) = OracleInput.Require(zt, t, Schedule, Dimension);
        var z = zt.ToDoubleArray();
        var result = new float[n * d];
        if (Components == 1)
        {
            // One Gaussian: ε* = √(1 − ᾱ)(z − √ᾱ μ)/(ᾱ s² + 1 − ᾱ), linear in z; no per-sample allocations.
            for (var i = 0; i < n; i++)
            {
                var abar = Schedule.AlphaBar[t[i]];
                var sqrtAbar = Schedule.SqrtAlphaBar[t[i]];
                var c = Schedule.SqrtOneMinusAlphaBar[t[i]];
                for (var j = 0; j < d; j++)
                    result[i * d + j] = (float)(c * (z[i * d + j] - sqrtAbar * _means[0, j]) / (abar * _variances[0, j] + 1 - abar));
            }

            return tensor(result, n, d);
        }

        OracleInput.ForEachSample(n, n * Components * d, i =>
        {
            var eps = Epsilon(z.AsSpan(i * d, d), t[i]);
            for (var j = 0; j < d; j++) result[i * d + j] = (float)eps[j];
        });
        return tensor(result, n, d);
    }

    /// <summary>ε*(z, t) = −√(1 − ᾱ_t)·∇ ln p_t(z) for one point, in double.</summary>
    public double[] Epsilon(ReadOnlySpan<double> z, int t)
    {
        var score = Score(z, t);
        var c = -Schedule.SqrtOneMinusAlphaBar[t];
        for (var j = 0; j < score.Length; j++) score[j] *= c;
        return score;
    }

    /// <summary>The score ∇_z ln p_t(z) of the noised marginal, in double.</summary>
    public double[] Score(ReadOnlySpan<double> z, int t)
    {
        Schedule.RequireIndex(t);
        if (z.Length != Dimension) throw new ArgumentException($"z has dimension {z.Length}, the mixture {Dimension}.");
        var responsibilities = Responsibilities(z, t, out _);
        var abar = Schedule.AlphaBar[t];
        var sqrtAbar = Schedule.SqrtAlphaBar[t];
        var score = new double[Dimension];
        for (var k = 0; k < Components; k++)
        {
            if (responsibilities[k] == 0) continue;
            for (var j = 0; j < Dimension; j++)
            {
                var v = abar * _variances[k, j] + (1 - abar);
                score[j] -= responsibilities[k] * (z[j] - sqrtAbar * _means[k, j]) / v;
            }
        }

        return score;
    }

    /// <summary>ln p_t(z), the log density of the noised marginal (for checks against the score).</summary>
    public double LogDensity(ReadOnlySpan<double> z, int t)
    {
        Schedule.RequireIndex(t);
        if (z.Length != Dimension) throw new ArgumentException($"z has dimension {z.Length}, the mixture {Dimension}.");
        Responsibilities(z, t, out var logDensity);
        return logDensity;
    }

    private double[] Responsibilities(ReadOnlySpan<double> z, int t, out double logDensity)
    {
        var abar = Schedule.AlphaBar[t];
        var sqrtAbar = Schedule.SqrtAlphaBar[t];
        var log = new double[Components];
        var max = double.NegativeInfinity;
        for (var k = 0; k < Components; k++)
        {
            var s = _logWeights[k];
            for (var j = 0; j < Dimension; j++)
            {
                var v = abar * _variances[k, j] + (1 - abar);
                var r = z[j] - sqrtAbar * _means[k, j];
                s -= 0.5 * (Math.Log(2 * Math.PI * v) + r * r / v);
            }

            log[k] = s;
            if (s > max) max = s;
        }

        double sum = 0;
        for (var k = 0; k < Components; k++) { log[k] = Math.Exp(log[k] - max); sum += log[k]; }
        for (var k = 0; k < Components; k++) log[k] /= sum;
        logDensity = max + Math.Log(sum);
        return log;
    }
}
