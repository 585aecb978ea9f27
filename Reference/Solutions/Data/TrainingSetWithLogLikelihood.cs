using Grader.Reference.Numerics;
using Grader.Tensors;

namespace Grader.Reference.Data;

/// <summary>
/// KU Deep Learning 2024, assignment 4 (sheet 003), <c>ODE.ipynb</c> and <c>SDE.ipynb</c>: the notebooks'
/// <c>TrainingSetWithLogLikelihood</c>. One of three 1-D laws with an exact density; <see cref="Generate"/> returns n
/// draws [n, 1] and "the true expected log likelihood" the generator prints, (1/n) Σ log p(y_i) over those draws.
/// <see cref="ExactExpectedLogLikelihood"/> is its expectation E[log p(Y)] (minus the entropy), by quadrature.
/// </summary>
public sealed class TrainingSetWithLogLikelihood
{
    private readonly Func<double, double> _logDensity;
    private readonly double[] _breaks;

    private TrainingSetWithLogLikelihood(string distribution, IToyDistribution law, Func<double, double> logDensity, double[] breaks)
    {
        Distribution = distribution;
        Law = law;
        _logDensity = logDensity;
        _breaks = breaks;
    }

    /// <summary>The notebook's name: "gaussian", "laplace" or "laplace_mixture".</summary>
    public string Distribution { get; }

    /// <summary>The law itself (draws and log-density).</summary>
    public IToyDistribution Law { get; }

    /// <summary><c>'gaussian'</c>: N(mean, std²); the notebook's parameters are mean −1, std 2 (sheet 003, task 1.3).</summary>
    public static TrainingSetWithLogLikelihood Gaussian(double mean = -1, double std = 2)
    {
        if (!double.IsFinite(mean) || !(std > 0) || !double.IsFinite(std))
            throw new ArgumentException($"gaussian: the mean must be finite and the std positive (got {mean}, {std})");
        var law = new GaussianMixture([1.0], [[mean]], [[std * std]]).Validate();
        double Log(double y) => -0.5 * ((y - mean) * (y - mean) / (std * std) + Math.Log(2 * Math.PI * std * std));
        return new("gaussian", law, Log, [mean - 40 * std, mean, mean + 40 * std]);
    }

    /// <summary><c>'laplace'</c>: Laplace(loc, scale); the notebook's parameters are loc 0, scale 1.</summary>
    public static TrainingSetWithLogLikelihood Laplace(double loc = 0, double scale = 1) =>
        FromMixture("laplace", Data.LaplaceMixture.Uniform([loc], scale));

    /// <summary>
    /// <c>'laplace_mixture'</c>: k Laplace(μ_i, scale) components with equal weights 1/k and means
    /// <see cref="MixtureMeans"/>; the notebook's parameters are k = 5, spacing 4, scale 1 (tasks 1.4 and 2.3).
    /// </summary>
    public static TrainingSetWithLogLikelihood LaplaceMixture(int k = 5, double spacing = 4, double scale = 1) =>
        FromMixture("laplace_mixture", Data.LaplaceMixture.Uniform(MixtureMeans(k, spacing), scale));

    /// <summary>
    /// The notebook's mixture (<see cref="MixtureMeans"/>, one scale) with the component weights
    /// <paramref name="weights"/> (≥ 0, summing to 1) instead of 1/k: a law the grader draws per run; its log-density
    /// and expected log-likelihood stay exact. <paramref name="shift"/> moves every mean by that much (the grader's drawn
    /// laws, issue 79).
    /// </summary>
    public static TrainingSetWithLogLikelihood LaplaceMixture(IReadOnlyList<double> weights, double spacing = 4, double scale = 1, double shift = 0)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!double.IsFinite(shift)) throw new ArgumentOutOfRangeException(nameof(shift), shift, "the shift must be finite");
        return FromMixture("laplace_mixture", new Data.LaplaceMixture(weights.ToArray(), MixtureMeans(weights.Count, spacing).Select(m => m + shift).ToArray(), scale).Validate());
    }

    /// <summary>
    /// The notebook's <c>np.arange(−spacing·(k − 1)/2, spacing·((k − 1)/2 + 1), spacing)</c>: k means, spacing apart,
    /// centred on 0 ({−8, −4, 0, 4, 8} for k = 5, spacing 4).
    /// </summary>
    public static double[] MixtureMeans(int k, double spacing)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!(spacing > 0) || !double.IsFinite(spacing)) throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "the spacing must be positive");
        return Enumerable.Range(0, k).Select(i => -spacing * (k - 1) / 2 + i * spacing).ToArray();
    }

    /// <summary>log p(y) in double.</summary>
    public double LogDensity(double y) => _logDensity(y);

    /// <summary>
    /// The notebook's <c>generate_training_data(n)</c>: n draws from <paramref name="generator"/>, shape [n, 1], and
    /// (1/n) Σ log p(y_i) over them (in double; the notebook computes it in float32).
    /// </summary>
    public (Tensor Data, double ExpectedLogLikelihood) Generate(int n, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentNullException.ThrowIfNull(generator);
        var data = Law.Sample(n, generator);
        return (data, ExpectedLogLikelihood(data));
    }

    /// <summary>(1/n) Σ log p(y_i) over y of shape [n, 1] (or [n]), in double.</summary>
    public double ExpectedLogLikelihood(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.numel() == 0 || data.dim() > 2 || (data.dim() == 2 && data.size(1) != 1))
            throw new ArgumentException($"expected data of shape [n, 1] with n ≥ 1, got [{string.Join(", ", data.shape)}]", nameof(data));
        var y = data.contiguous().ToDoubleArray();
        double sum = 0;
        foreach (var v in y) sum += _logDensity(v);
        return sum / y.Length;
    }

    /// <summary>E[log p(Y)] = ∫ p log p (the negative entropy), by piecewise Gauss–Legendre between the kinks.</summary>
    public double ExactExpectedLogLikelihood() => Moment(l => l);

    /// <summary>The standard deviation of log p(Y); the generator's printed mean over n draws has sd this/√n.</summary>
    public double LogDensityStandardDeviation()
    {
        double mean = ExactExpectedLogLikelihood();
        return Math.Sqrt(Moment(l => (l - mean) * (l - mean)));
    }

    /// <summary>∫ p (should be 1; the quadrature's own check).</summary>
    public double TotalProbability() => Moment(_ => 1);

    private double Moment(Func<double, double> g) =>
        GaussLegendre.Integrate(y => { double l = _logDensity(y); return Math.Exp(l) * g(l); }, _breaks, points: 32, pieces: 8);

    private static TrainingSetWithLogLikelihood FromMixture(string name, LaplaceMixture law)
    {
        double lo = law.Locations.Min() - 50 * law.Scale, hi = law.Locations.Max() + 50 * law.Scale;
        var breaks = law.Locations.Append(lo).Append(hi).Distinct().Order().ToArray();
        return new(name, law, law.LogProb, breaks);
    }

    public override string ToString() => Distribution;
}
