using MathNet.Numerics.LinearAlgebra;

namespace Grader.Metrics;

/// <summary>
/// The Fréchet distance between two samples summarised as Gaussians (the squared 2-Wasserstein distance between
/// N(μ₁, Σ₁) and N(μ₂, Σ₂); FID when the rows are Inception features, Heusel et al. 2017):
/// <c>‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2})</c>, for samples given as <c>double[n, d]</c>.
/// </summary>
/// <remarks>
/// <para>
/// Moments: the sample mean and the unbiased covariance (divisor n − 1, numpy's <c>np.cov(rowvar=False)</c>, as
/// pytorch-fid uses). The value is biased upwards for finite n (two samples of one law give a positive distance that
/// shrinks roughly like d/n), so a threshold must come from a measured noise floor at the n it is used with.
/// </para>
/// <para>
/// The matrix square root is done on symmetric matrices only, so it is real and stable: Σ₁^{1/2} = V diag(√λ) Vᵀ from
/// the symmetric eigen-decomposition of Σ₁, then the eigenvalues μ_k of the symmetric positive semi-definite
/// Σ₁^{1/2} Σ₂ Σ₁^{1/2} give tr((…)^{1/2}) = Σ √μ_k. Eigenvalues below 0 (round-off of singular covariances, n ≤ d)
/// are taken as 0. Σ₁^{1/2} Σ₂ Σ₁^{1/2} has the same eigenvalues as Σ₁Σ₂, so this equals scipy's
/// <c>sqrtm(Σ₁ Σ₂)</c> trace without its complex round-off. A result in (−1e-12·scale, 0) from round-off is returned as 0.
/// </para>
/// </remarks>
public static class FrechetDistance
{
    /// <summary>The Fréchet distance between the Gaussians fitted to the rows of <paramref name="x"/> and <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows on a side, different dimensions, or non-finite entries.</exception>
    public static double Between(double[,] x, double[,] y)
    {
        var fx = SampleMatrix.Flatten(x, nameof(x), 2);
        var fy = SampleMatrix.Flatten(y, nameof(y), 2);
        SampleMatrix.RequireSameDimension(fx, fy);
        var (m1, c1) = Moments(fx);
        var (m2, c2) = Moments(fy);
        return Compute(m1, c1, m2, c2);
    }

    /// <summary>The Fréchet distance between N(<paramref name="mean1"/>, <paramref name="covariance1"/>) and N(<paramref name="mean2"/>, <paramref name="covariance2"/>).</summary>
    /// <exception cref="ArgumentException">Sizes that do not match, non-finite entries, or a covariance that is not symmetric.</exception>
    public static double FromMoments(double[] mean1, double[,] covariance1, double[] mean2, double[,] covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(mean2);
        var d = mean1.Length;
        if (d < 1 || mean2.Length != d)
            throw new ArgumentException($"The means must have one and the same length ≥ 1; they have {mean1.Length} and {mean2.Length}.");
        var c1 = Covariance(covariance1, d, nameof(covariance1));
        var c2 = Covariance(covariance2, d, nameof(covariance2));
        if (mean1.Concat(mean2).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("The means must be finite.");
        return Compute(Vector<double>.Build.DenseOfArray(mean1), c1, Vector<double>.Build.DenseOfArray(mean2), c2);
    }

    private static double Compute(Vector<double> m1, Matrix<double> c1, Vector<double> m2, Matrix<double> c2)
    {
        var meanTerm = (m1 - m2).DotProduct(m1 - m2);
        var root1 = SymmetricSquareRoot(c1);
        var middle = root1 * c2 * root1;
        middle = (middle + middle.Transpose()) * 0.5;
        var traceRoot = middle.Evd(Symmetricity.Symmetric).EigenValues.Sum(e => Math.Sqrt(Math.Max(0, e.Real)));
        var value = meanTerm + c1.Trace() + c2.Trace() - 2 * traceRoot;
        var scale = meanTerm + c1.Trace() + c2.Trace();
        return value < 0 && value > -1e-12 * Math.Max(1, scale) ? 0 : value;
    }

    /// <summary>V diag(√max(λ, 0)) Vᵀ for a symmetric matrix.</summary>
    private static Matrix<double> SymmetricSquareRoot(Matrix<double> c)
    {
        var evd = c.Evd(Symmetricity.Symmetric);
        var v = evd.EigenVectors;
        var roots = Vector<double>.Build.Dense(c.RowCount, k => Math.Sqrt(Math.Max(0, evd.EigenValues[k].Real)));
        return v * Matrix<double>.Build.DiagonalOfDiagonalVector(roots) * v.Transpose();
    }

    /// <summary>Sample mean and unbiased covariance (divisor n − 1) of the rows.</summary>
    private static (Vector<double> mean, Matrix<double> covariance) Moments(SampleMatrix.Flat f)
    {
        var x = Matrix<double>.Build.Dense(f.Rows, f.Cols, (i, j) => f.Data[i * f.Cols + j]);
        var mean = x.ColumnSums() / f.Rows;
        var centred = x - Matrix<double>.Build.Dense(f.Rows, f.Cols, (_, j) => mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (f.Rows - 1);
        return (mean, (covariance + covariance.Transpose()) * 0.5);
    }

    private static Matrix<double> Covariance(double[,] c, int d, string name)
    {
        ArgumentNullException.ThrowIfNull(c, name);
        if (c.GetLength(0) != d || c.GetLength(1) != d)
            throw new ArgumentException($"{name} must be {d}×{d} to match the means; it is {c.GetLength(0)}×{c.GetLength(1)}.", name);
        var m = Matrix<double>.Build.DenseOfArray(c);
        for (var i = 0; i < d; i++)
        for (var j = 0; j < d; j++)
        {
            if (!double.IsFinite(m[i, j])) throw new ArgumentException($"{name}[{i}, {j}] is {m[i, j]}; a covariance must be finite.", name);
            if (Math.Abs(m[i, j] - m[j, i]) > 1e-9 * (Math.Abs(m[i, j]) + Math.Abs(m[j, i]) + 1e-300))
                throw new ArgumentException($"{name} is not symmetric: [{i}, {j}] = {m[i, j]} but [{j}, {i}] = {m[j, i]}.", name);
        }
        return m;
    }
}
