using Grader.Checks.Checking;
using Grader.Checks.OdeSde.Support;
using Grader.Checks.Results;
using Grader.Contracts.Ode;
using Grader.Tensors;
using static Grader.Checks.Diffusion.ExactComparison;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4: "the true expected log likelihood (1/n) Σ log p(y_i) … returned from the dataset
/// generator program", for the 'gaussian', the 'laplace' (the mixture's one component, which the generator also offers)
/// or the 'laplace_mixture' data, computed here in double from the law's
/// density (written out in <see cref="DoubleFormulas"/>, a log-sum-exp of Laplace components: an independent route). The visible instance
/// uses the notebook's parameters on a public data set; the hidden one draws the parameters, the size and the data from
/// the run's seed. Tolerance: a float32 sum of n terms, 4·n·ε·mean|log p(y_i)|.
/// </summary>
public sealed class ExpectedLogLikelihoodMatchesGenerator : ICheck
{
    /// <summary>The two data sets the sheet asks for.</summary>
    public enum DataSet
    {
        /// <summary>'gaussian' (task 1.3).</summary>
        Gaussian,
        /// <summary>'laplace_mixture' (tasks 1.4 and 2.3).</summary>
        LaplaceMixture,
        /// <summary>'laplace', one component of the mixture (task 1.4).</summary>
        Laplace,
    }

    private const ulong PublicSeed = 3003;
    private readonly DataSet _set;
    private readonly bool _unseen;

    /// <param name="set">Which distribution.</param>
    /// <param name="unseen">False: the notebook's parameters and a public data set; true: parameters, size and data drawn from the run's seed.</param>
    public ExpectedLogLikelihoodMatchesGenerator(DataSet set, bool unseen)
    {
        _set = set;
        _unseen = unseen;
    }

    public string Id => $"ode.ku.expected-log-likelihood-{_set switch { DataSet.Gaussian => "gaussian", DataSet.Laplace => "laplace", _ => "laplace-mixture" }}{(_unseen ? "-unseen" : "")}";

    public string SheetRef => _set switch
    {
        DataSet.Gaussian => "sheet 003, task 1.3: the true expected log likelihood (1/n_test) Σ log p(y_i) that the dataset generator returns, for the Gaussian data",
        DataSet.Laplace => "sheet 003, task 1.4: the true expected log likelihood (1/n_test) Σ log p(y_i) that the dataset generator returns, for the Laplace data (one component of the mixture)",
        _ => "sheet 003, task 1.4: the true expected log likelihood (1/n_test) Σ log p(y_i) that the dataset generator returns, for the mixture of Laplace data",
    };

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IExpectedLogLikelihood>(context, out var handin) is { } unresolved) return unresolved;
        var g = _unseen ? context.NewGenerator(0x0DE5) : new Generator(PublicSeed);
        var cases = _unseen ? Enumerable.Range(0, 3).Select(_ => Draw(g)).ToList() : [Notebook(g)];
        foreach (var c in cases)
        {
            var data = torch.tensor(c.Y, c.Y.Length, 1);
            var what = _set switch
            {
                DataSet.Gaussian => $"Gaussian(data, {F(c.P1)}, {F(c.P2)})",
                DataSet.Laplace => $"Laplace(data, {F(c.P1)}, {F(c.P2)})",
                _ => $"LaplaceMixture(data, {c.K}, {F(c.P1)}, {F(c.P2)})",
            };
            if (call.Run(what, () => _set switch
                {
                    DataSet.Gaussian => handin.Gaussian(data, c.P1, c.P2),
                    DataSet.Laplace => handin.Laplace(data, c.P1, c.P2),
                    _ => handin.LaplaceMixture(data, c.K, c.P1, c.P2),
                }, out var seen) is { } threw)
                return threw;
            var y = c.Y.Select(v => (double)v).ToArray();
            var terms = y.Select(v => LogDensity(c, v)).ToArray();
            double expected = terms.Average();
            double tolerance = 4 * y.Length * 5.960464477539063e-8 * terms.Average(Math.Abs) + 1e-12;
            if (double.IsFinite(seen) && Math.Abs(seen - expected) <= tolerance) continue;
            string diagnosis = Diagnose(c, y, seen, tolerance);
            return call.Fail(
                $"{what} returned {F(seen)}, the generator's value is {F(expected)} (|Δ| = {E(Math.Abs(seen - expected))} > tolerance {E(tolerance)}) for {y.Length} data points. {diagnosis}Re-read {SheetRef}.",
                expected: F(expected), seen: F(seen));
        }
        return CheckResult.Pass(Id, $"The expected log likelihood matches the generator's on {(_unseen ? $"{cases.Count} data sets" : "the public data set")} (within a float32 sum's rounding).", SheetRef);
    }

    private sealed record DataCase(float[] Y, int K, double P1, double P2);

    private DataCase Notebook(Generator g) => _set switch
    {
        DataSet.Gaussian => Gaussian(g, 1000, -1, 2),
        DataSet.Laplace => Laplace(g, 1000, 0, 1),
        _ => Mixture(g, 1000, 5, 4, 1),
    };

    private DataCase Draw(Generator g)
    {
        int n = (int)g.NextInt(40, 1501);
        return _set switch
        {
            DataSet.Gaussian => Gaussian(g, n, -4 + 8 * g.NextDouble(), 0.3 + 3 * g.NextDouble()),
            DataSet.Laplace => Laplace(g, n, -4 + 8 * g.NextDouble(), 0.3 + 2.7 * g.NextDouble()),
            _ => Mixture(g, n, (int)g.NextInt(2, 8), 1 + 5 * g.NextDouble(), 0.3 + 1.7 * g.NextDouble()),
        };
    }

    /// <summary>The generator's 'laplace' data: location <paramref name="loc"/>, scale <paramref name="scale"/> (P1, P2).</summary>
    private static DataCase Laplace(Generator g, int n, double loc, double scale) =>
        new(Enumerable.Range(0, n).Select(_ => (float)g.NextLaplace(loc, scale)).ToArray(), 1, loc, scale);

    private static DataCase Gaussian(Generator g, int n, double mean, double std) =>
        new(Enumerable.Range(0, n).Select(_ => (float)(mean + std * g.NextNormal())).ToArray(), 1, mean, std);

    private static DataCase Mixture(Generator g, int n, int k, double spacing, double scale)
    {
        var means = Means(k, spacing);
        return new(Enumerable.Range(0, n).Select(_ => (float)g.NextLaplace(means[(int)g.NextInt(0, k)], scale)).ToArray(), k, spacing, scale);
    }

    /// <summary>The notebook's np.arange(−s(k−1)/2, s((k−1)/2 + 1), s): k means, s apart, centred on 0.</summary>
    private static double[] Means(int k, double spacing) => Enumerable.Range(0, k).Select(i => -spacing * (k - 1) / 2 + i * spacing).ToArray();

    private double LogDensity(DataCase c, double y) => _set switch
    {
        DataSet.Gaussian => DoubleFormulas.NormalLogDensity(c.P1, c.P2, y),
        DataSet.Laplace => DoubleFormulas.LaplaceLogDensity(c.P1, c.P2, y),
        _ => DoubleFormulas.LogSumExp(Means(c.K, c.P1).Select(m => DoubleFormulas.LaplaceLogDensity(m, c.P2, y)).ToArray()) - Math.Log(c.K),
    };

    private string Diagnose(DataCase c, double[] y, double seen, double tolerance)
    {
        var variants = new List<(string Explanation, double Value)>();
        if (_set == DataSet.Gaussian)
        {
            const string equation = "the sheet's Gaussian has log p(y) = −(y − mean)²/(2·std²) − ln std − ½·ln 2π, with std the standard deviation and std² the variance";
            variants.Add(($"Your value uses std where the variance std² belongs (it is log N(y; mean, variance = {F(c.P2)}) instead of variance = {F(c.P2 * c.P2)}): {equation}.",
                y.Average(v => DoubleFormulas.NormalLogDensity(c.P1, Math.Sqrt(c.P2), v))));
            variants.Add(($"Your value uses std² where std belongs (it is log N(y; mean, variance = {F(c.P2 * c.P2 * c.P2 * c.P2)}) instead of variance = {F(c.P2 * c.P2)}): {equation}.",
                y.Average(v => DoubleFormulas.NormalLogDensity(c.P1, c.P2 * c.P2, v))));
            variants.Add(("Your value lacks the normalising constant −½·ln(2π·std²) of each log-density.", y.Average(v => -0.5 * Math.Pow((v - c.P1) / c.P2, 2))));
        }
        else if (_set == DataSet.Laplace)
        {
            const string equation = "the Laplace density is exp(−|y − loc|/scale)/(2·scale), so log p(y) = −|y − loc|/scale − ln(2·scale)";
            variants.Add(($"Your value lacks the ln 2 of the normaliser 2·scale: {equation}.", y.Average(v => -Math.Abs(v - c.P1) / c.P2 - Math.Log(c.P2))));
            variants.Add(($"Your value uses scale² where scale belongs: {equation}.", y.Average(v => DoubleFormulas.LaplaceLogDensity(c.P1, c.P2 * c.P2, v))));
            variants.Add(($"Your value takes the squared distance (a Gaussian's) where the Laplace density has |y − loc|: {equation}.", y.Average(v => -Math.Pow(v - c.P1, 2) / c.P2 - Math.Log(2 * c.P2))));
        }
        else
        {
            var means = Means(c.K, c.P1);
            variants.Add(("Your value lacks the mixture weight 1/k: log p(y) = log Σ_i (1/k)·Laplace(y; μ_i, b), so −ln k belongs to every log-density.",
                y.Average(v => DoubleFormulas.LogSumExp(means.Select(m => DoubleFormulas.LaplaceLogDensity(m, c.P2, v)).ToArray()))));
            variants.Add(("Your value uses only the nearest component's density: the mixture's density sums all k components (log-sum-exp).",
                y.Average(v => means.Max(m => DoubleFormulas.LaplaceLogDensity(m, c.P2, v)) - Math.Log(c.K))));
        }
        var match = variants.FirstOrDefault(v => Math.Abs(v.Value - seen) <= 2 * tolerance);
        return match.Explanation is null ? "" : match.Explanation + " ";
    }
}
