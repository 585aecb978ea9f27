using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// The per-dimension standardisation of the Heidelberg notebook (sheet 10, ex. 1, data cells):
/// z = (x − mean)/std with the unbiased (N − 1) std, as <c>train_data.std(0)</c> computes it.
/// A density maps as log p_z(z) = log p_x(x) + Σ_d ln std_d.
/// </summary>
public sealed record Standardisation(double[] Mean, double[] Std)
{
    public int Dim => Mean.Length;

    /// <summary>Mean and unbiased std of each column of <paramref name="x"/> [n, d], accumulated in double.</summary>
    public static Standardisation Fit(Tensor x)
    {
        if (x.dim() != 2 || x.size(0) < 2) throw new ArgumentException($"Standardisation.Fit: need [n ≥ 2, d] data, got [{string.Join(", ", x.shape)}]");
        int n = x.size(0), d = x.size(1);
        var v = x.contiguous().ToArray();
        var mean = new double[d];
        var std = new double[d];
        for (int j = 0; j < d; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += v[i * d + j];
            mean[j] = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) { double e = v[i * d + j] - mean[j]; ss += e * e; }
            std[j] = Math.Sqrt(ss / (n - 1));
        }
        return new Standardisation(mean, std);
    }

    /// <summary>z = (x − mean)/std for x of shape [n, d].</summary>
    public Tensor Apply(Tensor x) => (x - tensor(Mean)) / tensor(Std);

    /// <summary>x = z·std + mean, the inverse of <see cref="Apply"/>.</summary>
    public Tensor Invert(Tensor z) => z * tensor(Std) + tensor(Mean);

    /// <summary>Σ_d ln std_d: add it to a raw-space log-density to get the standardised-space log-density.</summary>
    public double LogDensityShift => Std.Sum(Math.Log);

    /// <summary>A point of raw space in standardised coordinates (double precision).</summary>
    public double[] Apply(double[] x) => x.Select((v, j) => (v - Mean[j]) / Std[j]).ToArray();
}
