using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// A mixture of Gaussians with diagonal covariances: p(x) = Σ_k w_k N(x | μ_k, diag(σ²_k)). Used for the exact
/// densities of the Heidelberg 8-centre mixture (in standardised space) and of the DTU TwoGaussians.
/// Arrays are indexed [component][dimension].
/// </summary>
public sealed record GaussianMixture(double[] Weights, double[][] Means, double[][] Variances) : IToyDistribution
{
    public int Dim => Means[0].Length;

    public int Components => Weights.Length;

    /// <summary>Checks shapes, positive variances and weights summing to 1 (to 1e-9).</summary>
    public GaussianMixture Validate()
    {
        if (Weights.Length == 0 || Means.Length != Weights.Length || Variances.Length != Weights.Length)
            throw new ArgumentException("GaussianMixture: weights, means and variances need one entry per component");
        if (Means.Any(m => m.Length != Dim) || Variances.Any(v => v.Length != Dim))
            throw new ArgumentException("GaussianMixture: every mean and variance needs the same dimension");
        if (Weights.Any(w => w < 0) || Math.Abs(Weights.Sum() - 1) > 1e-9)
            throw new ArgumentException($"GaussianMixture: weights must be ≥ 0 and sum to 1 (sum {Weights.Sum():R})");
        if (Variances.Any(v => v.Any(s => !(s > 0))))
            throw new ArgumentException("GaussianMixture: variances must be > 0");
        return this;
    }

    /// <summary>log p(x) at one point, in double (log-sum-exp over components).</summary>
    public double LogProb(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        Span<double> terms = Components <= 64 ? stackalloc double[Components] : new double[Components];
        for (int k = 0; k < Components; k++)
        {
            double s = Math.Log(Weights[k]);
            for (int j = 0; j < Dim; j++)
            {
                double e = x[j] - Means[k][j];
                s += -0.5 * (e * e / Variances[k][j] + Math.Log(2 * Math.PI * Variances[k][j]));
            }
            terms[k] = s;
            if (s > max) max = s;
        }
        if (double.IsNegativeInfinity(max)) return max;
        double acc = 0;
        for (int k = 0; k < Components; k++) acc += Math.Exp(terms[k] - max);
        return max + Math.Log(acc);
    }

    /// <summary>log p(x) for x of shape [n, d]; shape [n].</summary>
    public Tensor LogProb(Tensor x)
    {
        CheckPoints(x, Dim, nameof(GaussianMixture));
        int n = x.size(0);
        var v = x.contiguous().ToArray();
        var outv = new double[n];
        var point = new double[Dim];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < Dim; j++) point[j] = v[i * Dim + j];
            outv[i] = LogProb(point);
        }
        return tensor(outv, n);
    }

    /// <summary>Component k with probability w_k, then N(μ_k, diag σ²_k); shape [n, d].</summary>
    public Tensor Sample(int n, Generator generator) => Sample(n, generator, out _);

    /// <summary>As <see cref="Sample(int, Generator)"/>, also returning each draw's component.</summary>
    public Tensor Sample(int n, Generator generator, out int[] components)
    {
        var data = new double[n * Dim];
        components = new int[n];
        for (int i = 0; i < n; i++)
        {
            int k = PickComponent(generator.NextDouble());
            components[i] = k;
            for (int j = 0; j < Dim; j++) data[i * Dim + j] = Means[k][j] + Math.Sqrt(Variances[k][j]) * generator.NextNormal();
        }
        return tensor(data, n, Dim);
    }

    private int PickComponent(double u)
    {
        double c = 0;
        for (int k = 0; k < Components - 1; k++) { c += Weights[k]; if (u < c) return k; }
        return Components - 1;
    }

    /// <summary>The law of y = (x − shift)·scale (per dimension): means map the same way, variances by scale².</summary>
    public GaussianMixture Affine(double[] shift, double[] scale) => new(
        (double[])Weights.Clone(),
        Means.Select(m => m.Select((v, j) => (v - shift[j]) * scale[j]).ToArray()).ToArray(),
        Variances.Select(s => s.Select((v, j) => v * scale[j] * scale[j]).ToArray()).ToArray());

    /// <summary>The law of the standardised points z = (x − mean)/std.</summary>
    public GaussianMixture Standardised(Standardisation s) => Affine(s.Mean, s.Std.Select(v => 1 / v).ToArray());

    /// <summary>
    /// The DDPM marginal q(x_t) = ∫ N(x_t | √ᾱ x, (1 − ᾱ) I) p(x) dx, again a mixture:
    /// means √ᾱ μ_k, variances ᾱ σ²_k + 1 − ᾱ.
    /// </summary>
    public GaussianMixture Diffused(double alphaBar)
    {
        if (!(alphaBar > 0 && alphaBar <= 1)) throw new ArgumentOutOfRangeException(nameof(alphaBar), alphaBar, "ᾱ must lie in (0, 1]");
        double r = Math.Sqrt(alphaBar);
        return new(
            (double[])Weights.Clone(),
            Means.Select(m => m.Select(v => r * v).ToArray()).ToArray(),
            Variances.Select(s => s.Select(v => alphaBar * v + 1 - alphaBar).ToArray()).ToArray());
    }

    internal static void CheckPoints(Tensor x, int dim, string who)
    {
        if (x.dim() != 2 || x.size(1) != dim)
            throw new ArgumentException($"{who}.LogProb: expected points of shape [n, {dim}], got [{string.Join(", ", x.shape)}]");
    }
}
