using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion.Oracles;

/// <summary>
/// The exact optimal noise predictor when the data distribution is a finite set of points x_1 … x_M with equal
/// weights (the empirical distribution of a training set): the network a perfectly trained model converges to.
/// </summary>
/// <remarks>
/// E[x₀ | z_t = z] = Σ_i w_i x_i with w_i ∝ exp(−‖z − √ᾱ_t x_i‖²/(2(1 − ᾱ_t))) (a softmax, computed with log-sum-exp in
/// double), and the predictor is ε*(z, t) = (z − √ᾱ_t E[x₀ | z])/√(1 − ᾱ_t). A sampler run with it reproduces
/// training points (memorisation); with the full chain its output concentrates on the set.
/// </remarks>
public sealed class FiniteSetDenoiser : IEpsilonModel
{
    private readonly double[,] _points;

    /// <param name="schedule">The diffusion schedule.</param>
    /// <param name="points">The data set, [M, d].</param>
    public FiniteSetDenoiser(BetaSchedule schedule, double[,] points)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        ArgumentNullException.ThrowIfNull(points);
        if (points.GetLength(0) == 0 || points.GetLength(1) == 0) throw new ArgumentException("The data set must hold at least one point of dimension ≥ 1.", nameof(points));
        foreach (var v in points)
            if (!double.IsFinite(v)) throw new ArgumentException("The data set must be finite.", nameof(points));
        _points = (double[,])points.Clone();
    }

    /// <summary>A data set given as a float32 tensor [M, d].</summary>
    public FiniteSetDenoiser(BetaSchedule schedule, Tensor points) : this(schedule, ToMatrix(points)) { }

    public BetaSchedule Schedule { get; }

    public int Count => _points.GetLength(0);

    public int Dimension => _points.GetLength(1);

    public Tensor Predict(Tensor zt, int[] t)
    {
        var (n, d) = OracleInput.Require(zt, t, Schedule, Dimension);
        var z = zt.ToDoubleArray();
        var result = new float[n * d];
        OracleInput.ForEachSample(n, n * Count * d, i =>
        {
            var eps = Epsilon(z.AsSpan(i * d, d), t[i]);
            for (var j = 0; j < d; j++) result[i * d + j] = (float)eps[j];
        });
        return tensor(result, n, d);
    }

    /// <summary>ε*(z, t) = (z − √ᾱ_t E[x₀ | z])/√(1 − ᾱ_t) for one point, in double.</summary>
    public double[] Epsilon(ReadOnlySpan<double> z, int t)
    {
        var x0 = PosteriorMeanX0(z, t);
        var sqrtAbar = Schedule.SqrtAlphaBar[t];
        var denominator = Schedule.SqrtOneMinusAlphaBar[t];
        for (var j = 0; j < x0.Length; j++) x0[j] = (z[j] - sqrtAbar * x0[j]) / denominator;
        return x0;
    }

    /// <summary>E[x₀ | z_t = z], the softmax-weighted average of the points, in double.</summary>
    public double[] PosteriorMeanX0(ReadOnlySpan<double> z, int t)
    {
        Schedule.RequireIndex(t);
        if (z.Length != Dimension) throw new ArgumentException($"z has dimension {z.Length}, the data set {Dimension}.");
        var sqrtAbar = Schedule.SqrtAlphaBar[t];
        var scale = -0.5 / (1 - Schedule.AlphaBar[t]);
        var log = new double[Count];
        var max = double.NegativeInfinity;
        for (var i = 0; i < Count; i++)
        {
            double s = 0;
            for (var j = 0; j < Dimension; j++) { var r = z[j] - sqrtAbar * _points[i, j]; s += r * r; }
            log[i] = scale * s;
            if (log[i] > max) max = log[i];
        }

        double sum = 0;
        var mean = new double[Dimension];
        for (var i = 0; i < Count; i++)
        {
            var w = Math.Exp(log[i] - max);
            sum += w;
            for (var j = 0; j < Dimension; j++) mean[j] += w * _points[i, j];
        }

        for (var j = 0; j < Dimension; j++) mean[j] /= sum;
        return mean;
    }

    private static double[,] ToMatrix(Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.dim() != 2) throw new ArgumentException($"The data set must be [M, d], got [{string.Join(", ", points.shape)}].", nameof(points));
        var flat = points.ToDoubleArray();
        var m = new double[points.size(0), points.size(1)];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
