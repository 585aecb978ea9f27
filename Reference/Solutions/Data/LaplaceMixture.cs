using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// A mixture of Laplace laws on ℝ with one shared scale b: p(y) = Σ_k w_k·exp(−|y − μ_k|/b)/(2b). With one component
/// it is the plain Laplace(μ, b). Log-densities are computed in double (log-sum-exp over components).
/// </summary>
public sealed record LaplaceMixture(double[] Weights, double[] Locations, double Scale) : IToyDistribution
{
    public int Dim => 1;

    public int Components => Weights.Length;

    /// <summary>Checks one weight per location, weights ≥ 0 summing to 1 (to 1e-9), a positive finite scale.</summary>
    public LaplaceMixture Validate()
    {
        if (Weights.Length == 0 || Locations.Length != Weights.Length)
            throw new ArgumentException("LaplaceMixture: weights and locations need one entry per component");
        if (Weights.Any(w => w < 0) || Math.Abs(Weights.Sum() - 1) > 1e-9)
            throw new ArgumentException($"LaplaceMixture: weights must be ≥ 0 and sum to 1 (sum {Weights.Sum():R})");
        if (!(Scale > 0) || !double.IsFinite(Scale) || Locations.Any(m => !double.IsFinite(m)))
            throw new ArgumentException("LaplaceMixture: the scale must be positive and every location finite");
        return this;
    }

    /// <summary>The mixture of <paramref name="locations"/> with equal weights.</summary>
    public static LaplaceMixture Uniform(IReadOnlyList<double> locations, double scale) =>
        new LaplaceMixture(Enumerable.Repeat(1.0 / locations.Count, locations.Count).ToArray(), locations.ToArray(), scale).Validate();

    /// <summary>log p(y) in double.</summary>
    public double LogProb(double y)
    {
        double max = double.NegativeInfinity;
        Span<double> terms = Components <= 64 ? stackalloc double[Components] : new double[Components];
        for (int k = 0; k < Components; k++)
        {
            terms[k] = Math.Log(Weights[k]) - Math.Abs(y - Locations[k]) / Scale - Math.Log(2 * Scale);
            if (terms[k] > max) max = terms[k];
        }
        if (double.IsNegativeInfinity(max)) return max;
        double acc = 0;
        for (int k = 0; k < Components; k++) acc += Math.Exp(terms[k] - max);
        return max + Math.Log(acc);
    }

    /// <summary>log p(y) for y of shape [n, 1]; shape [n].</summary>
    public Tensor LogProb(Tensor x)
    {
        GaussianMixture.CheckPoints(x, 1, nameof(LaplaceMixture));
        var v = x.contiguous().ToDoubleArray();
        return tensor(v.Select(LogProb).ToArray(), v.Length);
    }

    /// <summary>Per draw: the component (probability w_k), then Laplace(μ_k, b); shape [n, 1].</summary>
    public Tensor Sample(int n, Generator generator) => Sample(n, generator, out _);

    /// <summary>As <see cref="Sample(int, Generator)"/>, also returning each draw's component.</summary>
    public Tensor Sample(int n, Generator generator, out int[] components)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var data = new double[n];
        components = new int[n];
        for (int i = 0; i < n; i++)
        {
            int k = PickComponent(generator);
            components[i] = k;
            data[i] = generator.NextLaplace(Locations[k], Scale);
        }
        return tensor(data, n, 1);
    }

    private int PickComponent(Generator generator)
    {
        double u = generator.NextDouble(), c = 0;
        for (int k = 0; k < Components - 1; k++) { c += Weights[k]; if (u < c) return k; }
        return Components - 1;
    }
}
