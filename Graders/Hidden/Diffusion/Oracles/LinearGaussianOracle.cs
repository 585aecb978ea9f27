using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Oracles;

/// <summary>
/// The exact optimal ε-predictor when the data are x₀ ~ N(μ, diag(s²)) (ml-anchors §6.4): per coordinate j,
/// ε*(z, t)_j = √(1 − ᾱ_t)(z_j − √ᾱ_t μ_j)/(ᾱ_t s_j² + 1 − ᾱ_t), i.e. ε* = K_t z + L_t with
/// K_t = √(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t) and L_t = −K_t √ᾱ_t μ. It is the minimiser of L_simple over all functions, so a
/// sampler run with it shows what a perfectly trained network gives; and since it is affine in z, every DDPM or DDIM
/// step is affine plus Gaussian noise, so the sampler's output law is Gaussian and follows from a short recursion.
/// </summary>
/// <remarks>
/// <para>
/// Computed in double per element, returned as float32 [N, d]. The time input is decoded by the task's convention
/// (<see cref="OracleTime"/>): a value that is not a code index in that convention (a raw index where t/T is
/// expected, or the other way round) throws an <see cref="ArgumentException"/> that says so, so a hand-in feeding the
/// wrong convention fails with that reason instead of silently getting another step's prediction.
/// </para>
/// <para>Grader-side: it lives in Grader.Checks, which must not reference the reference solutions.</para>
/// </remarks>
public sealed class LinearGaussianOracle : IEpsilonNetwork
{
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly ScheduleTerms _terms;
    private readonly List<int> _visited = [];

    /// <param name="schedule">The schedule the sampler runs with.</param>
    /// <param name="mean">μ, one entry per data coordinate.</param>
    /// <param name="variance">s², one entry per data coordinate (≥ 0).</param>
    /// <param name="time">How the time input is read.</param>
    public LinearGaussianOracle(NoiseSchedule schedule, IReadOnlyList<double> mean, IReadOnlyList<double> variance, OracleTime time)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        if (mean.Count == 0 || mean.Count != variance.Count)
            throw new ArgumentException($"Need one mean and one variance per coordinate; got {mean.Count} and {variance.Count}.");
        if (variance.Any(v => !(v >= 0) || double.IsInfinity(v)) || mean.Any(m => !double.IsFinite(m)))
            throw new ArgumentException("The means must be finite and the variances finite and ≥ 0.");
        _terms = new ScheduleTerms(schedule);
        _mean = [.. mean];
        _variance = [.. variance];
        Time = time;
    }

    public OracleTime Time { get; }

    /// <summary>The data dimension d.</summary>
    public int Dimension => _mean.Length;

    /// <summary>The code index of every <see cref="Forward"/> call (of its first row), in call order.</summary>
    public IReadOnlyList<int> VisitedSteps => _visited;

    /// <summary>K_t and L_t of coordinate <paramref name="coordinate"/>: ε*_j(z, t) = K_t z + L_t.</summary>
    public (double K, double L) Coefficients(int t, int coordinate) => Coefficients(_terms, t, _mean[coordinate], _variance[coordinate]);

    /// <summary>K_t = √(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t) and L_t = −K_t √ᾱ_t μ for data N(μ, s²).</summary>
    public static (double K, double L) Coefficients(ScheduleTerms terms, int t, double mean, double variance)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var abar = terms.AlphaBar[t];
        var k = Math.Sqrt(1 - abar) / (abar * variance + 1 - abar);
        return (k, -k * Math.Sqrt(abar) * mean);
    }

    /// <summary>ε* in double for one batch [N, d] given row-major, at code index <paramref name="t"/>.</summary>
    public double[] Predict(ReadOnlySpan<double> z, int t)
    {
        var d = Dimension;
        if (z.Length % d != 0) throw new ArgumentException($"z has {z.Length} values, not a multiple of d = {d}.");
        var result = new double[z.Length];
        var k = new double[d];
        var l = new double[d];
        for (var j = 0; j < d; j++) (k[j], l[j]) = Coefficients(t, j);
        for (var i = 0; i < z.Length; i++) result[i] = k[i % d] * z[i] + l[i % d];
        return result;
    }

    public Tensor Forward(Tensor zt, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(zt);
        ArgumentNullException.ThrowIfNull(t);
        if (zt.dim() != 2 || zt.size(1) != Dimension)
            throw new ArgumentException($"the ε-network expects z_t of shape [N, {Dimension}], got [{string.Join(", ", zt.shape)}]");
        var n = zt.size(0);
        if (t.numel() != n && t.numel() != 1)
            throw new ArgumentException("the ε-network expects one time value per row of z_t (a column [N, 1]), or a single one for all rows");
        var times = t.ToArray();
        var index = new int[times.Length];
        for (var i = 0; i < times.Length; i++) index[i] = Decode(times[i]);
        _visited.Add(index.Length > 0 ? index[0] : -1);

        var z = zt.contiguous().ToArray();
        var d = Dimension;
        var result = new float[z.Length];
        var k = new double[d];
        var l = new double[d];
        var current = -1;
        for (var i = 0; i < n; i++)
        {
            var step = index.Length == 1 ? index[0] : index[i];
            if (step != current)
            {
                for (var j = 0; j < d; j++) (k[j], l[j]) = Coefficients(step, j);
                current = step;
            }

            for (var j = 0; j < d; j++) result[i * d + j] = (float)(k[j] * z[i * d + j] + l[j]);
        }

        return torch.tensor(result, n, d);
    }

    private int Decode(float value) => TimeInput.Decode(value, Time, _terms.T);

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
