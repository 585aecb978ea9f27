using MathNet.Numerics.LinearAlgebra;

namespace Grader.Metrics;

/// <summary>
/// The kernel distance of KID (Bińkowski et al., "Demystifying MMD GANs", 2018): the unbiased MMD² U-statistic with
/// the cubic polynomial kernel <c>k(x, y) = (xᵀy / d + 1)³</c>, for samples given as <c>double[n, d]</c>.
/// </summary>
/// <remarks>
/// <c>MMD²_u = 1/(m(m−1)) Σ_{i≠j} k(x_i, x_j) + 1/(n(n−1)) Σ_{i≠j} k(y_i, y_j) − 2/(mn) Σ_{i,j} k(x_i, y_j)</c>, the
/// same estimator as <see cref="Mmd"/> with another kernel. Unlike the Fréchet distance it is unbiased: its mean over
/// two samples of one law is exactly 0 (single values can be negative), so its noise floor is a spread around 0.
/// KID papers average it over random subsets of 1,000 and often print it ×1000; this is the full U-statistic over all
/// rows (one value, no subsets, no scaling). Cost: three Gram matrices, O((m + n)² d).
/// </remarks>
public static class KernelDistance
{
    /// <summary>MMD²_u with the cubic polynomial kernel.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows on a side, different dimensions, or non-finite entries.</exception>
    public static double UnbiasedSquared(double[,] x, double[,] y)
    {
        var fx = SampleMatrix.Flatten(x, nameof(x), 2);
        var fy = SampleMatrix.Flatten(y, nameof(y), 2);
        SampleMatrix.RequireSameDimension(fx, fy);
        var a = Matrix<double>.Build.Dense(fx.Rows, fx.Cols, (i, j) => fx.Data[i * fx.Cols + j]);
        var b = Matrix<double>.Build.Dense(fy.Rows, fy.Cols, (i, j) => fy.Data[i * fy.Cols + j]);
        double d = fx.Cols, m = fx.Rows, n = fy.Rows;
        var sameX = KernelSum(a.TransposeAndMultiply(a), d, skipDiagonal: true);
        var sameY = KernelSum(b.TransposeAndMultiply(b), d, skipDiagonal: true);
        var cross = KernelSum(a.TransposeAndMultiply(b), d, skipDiagonal: false);
        return sameX / (m * (m - 1)) + sameY / (n * (n - 1)) - 2 * cross / (m * n);
    }

    /// <summary>Σ (g/d + 1)³ over the entries of a Gram matrix, row by row in order (deterministic).</summary>
    private static double KernelSum(Matrix<double> gram, double d, bool skipDiagonal)
    {
        double total = 0;
        for (var i = 0; i < gram.RowCount; i++)
        {
            double row = 0;
            for (var j = 0; j < gram.ColumnCount; j++)
            {
                if (skipDiagonal && i == j) continue;
                var k = gram[i, j] / d + 1;
                row += k * k * k;
            }
            total += row;
        }
        return total;
    }
}
