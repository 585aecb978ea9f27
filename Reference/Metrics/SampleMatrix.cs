using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Metrics;

/// <summary>
/// Internal plumbing shared by the sample metrics: validation of <c>double[n, d]</c> samples (rows are points),
/// row-major flattening, pooling, and deterministic pairwise sums over the pooled sample.
/// </summary>
/// <remarks>
/// Determinism: pairwise sums are accumulated per row (each row's sum is computed by one thread, in a fixed
/// order) and the row sums are then added in row order. The result is therefore bit-identical whether the rows
/// ran serially or under <see cref="Parallel.For(int, int, Action{int})"/>.
/// </remarks>
internal static class SampleMatrix
{
    /// <summary>Below this many (pair × dimension) operations, rows run serially.</summary>
    internal const long ParallelThreshold = 200_000;

    /// <summary>A validated sample copied row-major into one array.</summary>
    internal readonly record struct Flat(double[] Data, int Rows, int Cols);

    /// <summary>A function of the squared Euclidean distance, summed over one row of pairs (a struct, so the generic call is specialised, not virtual).</summary>
    internal interface IPairFunction
    {
        /// <summary>Σ f(s) over the squared distances s, added left to right.</summary>
        double Sum(ReadOnlySpan<double> squaredDistances);
    }

    /// <summary>
    /// Copies <paramref name="sample"/> row-major, checking it has at least <paramref name="minRows"/> rows, at
    /// least one column, and only finite entries.
    /// </summary>
    internal static Flat Flatten(double[,] sample, string paramName, int minRows)
    {
        ArgumentNullException.ThrowIfNull(sample, paramName);
        int rows = sample.GetLength(0), cols = sample.GetLength(1);
        if (rows < minRows)
            throw new ArgumentException($"The sample needs at least {minRows} rows (points); it has {rows}.", paramName);
        if (cols < 1)
            throw new ArgumentException("The sample needs at least one column (dimension).", paramName);
        var data = new double[rows * cols];
        var k = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                var v = sample[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentException($"{paramName}[{i}, {j}] is {v}; the metric needs finite coordinates.", paramName);
                data[k++] = v;
            }
        }
        return new Flat(data, rows, cols);
    }

    /// <summary>Checks that both samples have the same dimension.</summary>
    internal static void RequireSameDimension(Flat x, Flat y)
    {
        if (x.Cols != y.Cols)
            throw new ArgumentException($"The samples have different dimensions: x has {x.Cols} columns, y has {y.Cols}.");
    }

    /// <summary>The rows of <paramref name="x"/> followed by the rows of <paramref name="y"/>.</summary>
    internal static double[] Pool(Flat x, Flat y)
    {
        RequireSameDimension(x, y);
        var pooled = new double[x.Data.Length + y.Data.Length];
        x.Data.CopyTo(pooled, 0);
        y.Data.CopyTo(pooled, x.Data.Length);
        return pooled;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every row index, in parallel when <paramref name="work"/> is large. The body
    /// must write only to per-row slots so that the outcome does not depend on scheduling.
    /// </summary>
    internal static void ForEachRow(int rows, long work, Action<int> body)
    {
        if (work < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < rows; i++) body(i);
        }
        else
        {
            Parallel.For(0, rows, body);
        }
    }

    /// <summary>Squared Euclidean distance between rows <paramref name="a"/> and <paramref name="b"/> of <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SquaredDistance(double[] z, int a, int b, int d)
    {
        if (d == 2)
        {
            var dx = z[2 * a] - z[2 * b];
            var dy = z[2 * a + 1] - z[2 * b + 1];
            return dx * dx + dy * dy;
        }
        double s = 0;
        int oa = a * d, ob = b * d;
        for (var k = 0; k < d; k++)
        {
            var t = z[oa + k] - z[ob + k];
            s += t * t;
        }
        return s;
    }

    /// <summary>
    /// Sums <paramref name="f"/> of the squared distance over the pairs of the pooled sample <paramref name="z"/>,
    /// whose first <paramref name="m"/> rows are x and next <paramref name="n"/> rows are y.
    /// </summary>
    /// <param name="withSameY">
    /// False when the caller has <c>SameY</c> already (<see cref="ReferenceBlock"/>): the rows of y then add no
    /// same-sample sum, and <c>SameY</c> is returned as 0.
    /// </param>
    /// <returns>
    /// <c>SameX</c> = Σ_{i&lt;j, both in x}, <c>SameY</c> = Σ_{i&lt;j, both in y} (unordered pairs, diagonal
    /// excluded), and <c>Cross</c> = Σ_{i in x, j in y}.
    /// </returns>
    internal static (double SameX, double SameY, double Cross) PairSums<TF>(double[] z, int m, int n, int d, TF f, bool withSameY = true)
        where TF : struct, IPairFunction
    {
        var total = m + n;
        var rows = withSameY ? total : m;
        var rowSame = new double[total];
        var rowCross = new double[m];
        var work = withSameY ? (long)total * (total - 1) / 2 * d : ((long)m * (m - 1) / 2 + (long)m * n) * d;
        var buffer = new ThreadLocal<double[]>(() => new double[total]);
        ForEachRow(rows, work, i =>
        {
            var buf = buffer.Value!;
            var sameEnd = i < m ? m : total;
            rowSame[i] = RowSum(z, d, i, i + 1, sameEnd, buf, f);
            if (i < m) rowCross[i] = RowSum(z, d, i, m, total, buf, f);
        });
        buffer.Dispose();
        double sameX = 0, sameY = 0, crossSum = 0;
        for (var i = 0; i < m; i++) sameX += rowSame[i];
        for (var i = m; i < total; i++) sameY += rowSame[i];
        for (var i = 0; i < m; i++) crossSum += rowCross[i];
        return (sameX, sameY, crossSum);
    }

    /// <summary>Σ_{j in [from, to)} f(||z_i − z_j||²), summed left to right.</summary>
    private static double RowSum<TF>(double[] z, int d, int i, int from, int to, double[] buf, TF f)
        where TF : struct, IPairFunction
    {
        var count = to - from;
        if (count <= 0) return 0;
        RowSquaredDistances(z, d, i, from, to, buf);
        return f.Sum(buf.AsSpan(0, count));
    }

    /// <summary>
    /// Writes ||z_i − z_j||² for j in [from, to) into <paramref name="buf"/>[0 .. to − from). In two dimensions eight
    /// points at a time where the processor has AVX-512: the same subtractions, products and sum (dx·dx + dy·dy) per
    /// pair as the scalar loop, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowSquaredDistances(double[] z, int d, int i, int from, int to, double[] buf)
    {
        if (d == 2)
        {
            double xi = z[2 * i], yi = z[2 * i + 1];
            int j = from, o = 0;
            if (Avx512F.IsSupported && to - from >= 8)
            {
                var point = Vector512.Create(xi, yi, xi, yi, xi, yi, xi, yi);
                var even = Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14);
                var odd = Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15);
                ref var zr = ref MemoryMarshal.GetArrayDataReference(z);
                ref var br = ref MemoryMarshal.GetArrayDataReference(buf);
                if ((long)2 * to > z.Length || to - from > buf.Length) throw new ArgumentOutOfRangeException(nameof(to));
                for (; j + 8 <= to; j += 8, o += 8)
                {
                    var a = point - Vector512.LoadUnsafe(ref zr, (nuint)(2 * j));       // dx₀ dy₀ … dx₃ dy₃
                    var b = point - Vector512.LoadUnsafe(ref zr, (nuint)(2 * j + 8));   // dx₄ dy₄ … dx₇ dy₇
                    var a2 = a * a;
                    var b2 = b * b;
                    (Avx512F.PermuteVar8x64x2(a2, even, b2) + Avx512F.PermuteVar8x64x2(a2, odd, b2)).StoreUnsafe(ref br, (nuint)o);
                }
            }
            for (; j < to; j++, o++)
            {
                var dx = xi - z[2 * j];
                var dy = yi - z[2 * j + 1];
                buf[o] = dx * dx + dy * dy;
            }
            return;
        }
        var oi = i * d;
        for (int j = from, o = 0; j < to; j++, o++)
        {
            double s = 0;
            var oj = j * d;
            for (var k = 0; k < d; k++)
            {
                var t = z[oi + k] - z[oj + k];
                s += t * t;
            }
            buf[o] = s;
        }
    }
}
