using Grader.Checks.OdeSde;
using static Grader.Checks.OdeSde.ExpectedLogLikelihoodMatchesGenerator;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The answer of sheet 003's "true expected log likelihood" (tasks 1.3 and 1.4) in double, from each data set's law:
/// log N(y; mean, std²), log Laplace(y; loc, scale), and the mixture's log-sum-exp of k Laplace components with weights
/// 1/k; with the values of the known wrong variants <see cref="ExpectedLogLikelihoodMatchesGenerator"/> names. Tutor
/// side only: the visible check reads the public data sets' answers from its snapshot, computed ahead of time.
/// </summary>
public static class DataSetLogDensity
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>The answer on <paramref name="c"/>: the mean log-density, the mean |log-density| and the variants.</summary>
    public static ExpectedLogLikelihoodAnswer Answer(DataCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var y = c.Y.Select(v => (double)v).ToArray();
        var terms = y.Select(v => LogDensity(c, v)).ToArray();
        return new ExpectedLogLikelihoodAnswer(terms.Average(), terms.Average(Math.Abs), VariantKeys(c.Set).Select(k => new VariantValue(k, y.Average(v => Variant(k, c, v)))).ToArray());
    }

    /// <summary>log p(y) under the data set's law.</summary>
    public static double LogDensity(DataCase c, double y)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Set switch
        {
            DataSet.Gaussian => Normal(c.P1, c.P2, y),
            DataSet.Laplace => Laplace(c.P1, c.P2, y),
            _ => LogSumExp(Means(c.K, c.P1).Select(m => Laplace(m, c.P2, y)).ToArray()) - Math.Log(c.K),
        };
    }

    private static double Variant(string key, DataCase c, double y) => key switch
    {
        "std-as-variance" => Normal(c.P1, Math.Sqrt(c.P2), y),
        "std-squared" => Normal(c.P1, c.P2 * c.P2, y),
        "no-normaliser" => -0.5 * Math.Pow((y - c.P1) / c.P2, 2),
        "without-log-2" => -Math.Abs(y - c.P1) / c.P2 - Math.Log(c.P2),
        "scale-squared" => Laplace(c.P1, c.P2 * c.P2, y),
        "squared-distance" => -Math.Pow(y - c.P1, 2) / c.P2 - Math.Log(2 * c.P2),
        "without-log-k" => LogSumExp(Means(c.K, c.P1).Select(m => Laplace(m, c.P2, y)).ToArray()),
        "nearest-component" => Means(c.K, c.P1).Max(m => Laplace(m, c.P2, y)) - Math.Log(c.K),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no such variant"),
    };

    /// <summary>log N(y; mean, std²).</summary>
    private static double Normal(double mean, double std, double y)
    {
        double z = (y - mean) / std;
        return -0.5 * z * z - Math.Log(std) - HalfLog2Pi;
    }

    /// <summary>log Laplace(y; location, scale) = −ln(2·scale) − |y − location|/scale.</summary>
    private static double Laplace(double location, double scale, double y) => -Math.Log(2 * scale) - Math.Abs(y - location) / scale;

    /// <summary>log Σ exp(terms), shifted by the largest term.</summary>
    private static double LogSumExp(IReadOnlyList<double> terms)
    {
        double max = terms.Max();
        return max + Math.Log(terms.Sum(l => Math.Exp(l - max)));
    }
}
