using System.Runtime.CompilerServices;

namespace Grader.Metrics;

/// <summary>
/// Sliced Wasserstein distance SW_p between two samples given as <c>double[n, d]</c> (rows are points), estimated
/// with L random unit directions.
/// </summary>
/// <remarks>
/// <para>
/// Convention (POT's <c>ot.sliced_wasserstein_distance</c>, the same in 0.8.2 and main):
/// <c>SW_p = ( (1/L) Σ_l W_p^p(θ_l # μ_x, θ_l # μ_y) )^(1/p)</c>, i.e. the p-th root of the mean over projections of
/// W_p^p (not the mean of W_p, and not W_p^p without the root). Defaults L = 50, p = 2.
/// </para>
/// <para>
/// Directions: θ_l = g/||g|| with g a vector of d standard normals from a private SplitMix64 + Box–Muller stream
/// seeded by the explicit <c>seed</c>, so the directions (and the distance) depend only on (seed, d, L), never on
/// <see cref="Random"/> or the platform.
/// </para>
/// <para>
/// 1-D W_p^p: exact for empirical measures by quantile matching,
/// <c>∫_0^1 |F⁻¹(t) - G⁻¹(t)|^p dt</c> with breakpoints i/m and j/n (handled in integer arithmetic). For m = n this is
/// <c>(1/n) Σ |x_(i) - y_(i)|^p</c> over the sorted projections.
/// </para>
/// <para>
/// SW is a distance, not an unbiased estimate: under the null it is positive and shrinks like n^(-1/2).
/// Null behaviour, <b>measured</b> (SW2, L = 50, two independent samples from the same 2-D N(0, I), 20 seeded
/// replicates per row; alternative: y ~ N(0.3·1, 0.8² I), 5 replicates):
/// <list type="table">
/// <listheader><term>n per side</term><description>null mean, null sd; alternative mean (z = distance from the null mean in null sd)</description></listheader>
/// <item><term>1000</term><description>mean 0.0804, sd 0.0149; alternative 0.373 (z ≈ 20)</description></item>
/// <item><term>2000</term><description>mean 0.0556, sd 0.0065; alternative 0.359 (z ≈ 47)</description></item>
/// </list>
/// See <c>NullBehaviourTests</c>.
/// </para>
/// </remarks>
public static class SlicedWasserstein
{
    /// <summary>POT's default number of projections.</summary>
    public const int DefaultProjections = 50;

    /// <summary>POT's default order p.</summary>
    public const double DefaultP = 2;

    /// <summary>SW_p with <paramref name="projections"/> directions drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">Empty samples, different dimensions, or non-finite entries.</exception>
    public static double Distance(double[,] x, double[,] y, int seed, int projections = DefaultProjections, double p = DefaultP)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Distance(x, y, RandomDirections(x.GetLength(1), projections, seed), p);
    }

    /// <summary>
    /// SW_p over the given directions (rows of <paramref name="directions"/>, shape [L, d]; each is normalised to unit
    /// length, and must be non-zero).
    /// </summary>
    public static double Distance(double[,] x, double[,] y, double[,] directions, double p = DefaultP)
    {
        ArgumentNullException.ThrowIfNull(directions);
        if (!(p >= 1) || !double.IsFinite(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be finite and at least 1.");
        var fx = SampleMatrix.Flatten(x, nameof(x), 1);
        var fy = SampleMatrix.Flatten(y, nameof(y), 1);
        SampleMatrix.RequireSameDimension(fx, fy);
        var dirs = SampleMatrix.Flatten(directions, nameof(directions), 1);
        var d = fx.Cols;
        if (dirs.Cols != d)
            throw new ArgumentException($"The directions have {dirs.Cols} columns but the samples have {d}.", nameof(directions));
        var count = dirs.Rows;
        for (var l = 0; l < count; l++)
        {
            double norm2 = 0;
            for (var k = 0; k < d; k++) norm2 += dirs.Data[l * d + k] * dirs.Data[l * d + k];
            if (!(norm2 > 0))
                throw new ArgumentException($"Direction {l} is zero.", nameof(directions));
            var inv = 1 / Math.Sqrt(norm2);
            for (var k = 0; k < d; k++) dirs.Data[l * d + k] *= inv;
        }

        var perDirection = new double[count];
        var work = (long)count * (fx.Rows + fy.Rows) * (d + 16);
        SampleMatrix.ForEachRow(count, work, l =>
        {
            var px = Project(fx, dirs.Data, l);
            var py = Project(fy, dirs.Data, l);
            Array.Sort(px);
            Array.Sort(py);
            perDirection[l] = SortedPowerWasserstein(px, py, p);
        });
        double sum = 0;
        for (var l = 0; l < count; l++) sum += perDirection[l];
        var mean = sum / count;
        return p == 2 ? Math.Sqrt(mean) : Math.Pow(mean, 1 / p);
    }

    /// <summary>
    /// W_p^p between the empirical measures of two 1-D samples (any order, any sizes ≥ 1), by quantile matching.
    /// Note: the p-th power, without the root.
    /// </summary>
    public static double PowerWasserstein1D(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double p)
    {
        if (a.Length == 0 || b.Length == 0) throw new ArgumentException("Both samples must be non-empty.");
        if (!(p >= 1) || !double.IsFinite(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be finite and at least 1.");
        var sa = a.ToArray();
        var sb = b.ToArray();
        foreach (var v in sa) if (!double.IsFinite(v)) throw new ArgumentException("Non-finite value in a.", nameof(a));
        foreach (var v in sb) if (!double.IsFinite(v)) throw new ArgumentException("Non-finite value in b.", nameof(b));
        Array.Sort(sa);
        Array.Sort(sb);
        return SortedPowerWasserstein(sa, sb, p);
    }

    /// <summary>
    /// <paramref name="count"/> unit directions in R^<paramref name="dimension"/> (rows of the result), uniform on
    /// the sphere: normalised Gaussian vectors from SplitMix64 + Box–Muller seeded by <paramref name="seed"/>.
    /// </summary>
    public static double[,] RandomDirections(int dimension, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var rng = new GaussianStream((ulong)(uint)seed);
        var result = new double[count, dimension];
        var g = new double[dimension];
        for (var l = 0; l < count; l++)
        {
            double norm2;
            do
            {
                norm2 = 0;
                for (var k = 0; k < dimension; k++)
                {
                    g[k] = rng.Next();
                    norm2 += g[k] * g[k];
                }
            } while (!(norm2 > 1e-300));
            var inv = 1 / Math.Sqrt(norm2);
            for (var k = 0; k < dimension; k++) result[l, k] = g[k] * inv;
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Project(SampleMatrix.Flat s, double[] dirs, int l)
    {
        var d = s.Cols;
        var o = l * d;
        var result = new double[s.Rows];
        for (var i = 0; i < s.Rows; i++)
        {
            double v = 0;
            var oi = i * d;
            for (var k = 0; k < d; k++) v += s.Data[oi + k] * dirs[o + k];
            result[i] = v;
        }
        return result;
    }

    /// <summary>∫_0^1 |F⁻¹(t) - G⁻¹(t)|^p dt for sorted samples, breakpoints compared exactly as integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SortedPowerWasserstein(double[] a, double[] b, double p)
    {
        long m = a.Length, n = b.Length;
        if (m == n)
        {
            double s = 0;
            for (var i = 0; i < m; i++) s += Power(Math.Abs(a[i] - b[i]), p);
            return s / m;
        }
        // t is measured in units of 1/(mn): a's i-th quantile step ends at (i+1)n, b's j-th at (j+1)m.
        double sum = 0;
        long prev = 0;
        int ia = 0, jb = 0;
        while (ia < m && jb < n)
        {
            var endA = (ia + 1) * n;
            var endB = (jb + 1) * m;
            var end = Math.Min(endA, endB);
            sum += Power(Math.Abs(a[ia] - b[jb]), p) * (end - prev);
            prev = end;
            if (endA == end) ia++;
            if (endB == end) jb++;
        }
        return sum / ((double)m * n);
    }

    private static double Power(double v, double p) => p == 2 ? v * v : p == 1 ? v : Math.Pow(v, p);

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014) feeding the Box–Muller transform; both normals of a pair are used.</summary>
    private sealed class GaussianStream(ulong seed)
    {
        private ulong _state = seed;
        private double _spare;
        private bool _hasSpare;

        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            var u1 = 1.0 - NextUnit(); // (0, 1]
            var u2 = NextUnit();
            var r = Math.Sqrt(-2 * Math.Log(u1));
            var theta = 2 * Math.PI * u2;
            _spare = r * Math.Sin(theta);
            _hasSpare = true;
            return r * Math.Cos(theta);
        }

        private double NextUnit() => (NextULong() >> 11) * (1.0 / (1UL << 53));

        private ulong NextULong()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
