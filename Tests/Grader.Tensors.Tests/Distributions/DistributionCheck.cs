using System.Globalization;

namespace Grader.Tensors.Tests.Distributions;

/// <summary>
/// Shared checks for the distributions' tests. Values are compared with double references (MathNet.Numerics or a
/// formula evaluated in double) under the tolerance 16·ε₃₂·(|f| + κ + n): κ = Σ_z |∂f/∂z|·|z| over the float inputs z
/// (the componentwise condition magnitude, from central differences of the double reference), n the magnitude of an
/// intermediate that the float32 formula rounds (1 for ½(1 + erf) in a cdf's lower tail; |∂f/∂p| for an icdf, whose
/// 2p − 1 is rounded at 1), and 16 room for the ≤ 8 roundings and elementary functions (each ≤ 2 ulp) of one formula.
/// Sampling checks use the DKW inequality, P(sup|F_n − F| &gt; t) ≤ 2e^{−2nt²}, at a false-fail rate of 10⁻⁶.
/// </summary>
public static class DistributionCheck
{
    public const double Eps32 = 1.1920928955078125e-7;

    /// <summary>Σ_l |∂f/∂z_l|·|z_l| by relative central differences (h = 1e-6) of the double function.</summary>
    public static double Condition(Func<double[], double> f, params double[] z)
    {
        double sum = 0;
        for (int l = 0; l < z.Length; l++)
        {
            if (z[l] == 0) continue;
            var up = (double[])z.Clone(); up[l] *= 1 + 1e-6;
            var down = (double[])z.Clone(); down[l] *= 1 - 1e-6;
            sum += Math.Abs(f(up) - f(down)) / 2e-6;
        }
        return sum;
    }

    public static void AssertAgrees(string what, float actual, double expected, double condition, double natural = 0)
    {
        double tol = 16 * Eps32 * (Math.Abs(expected) + condition + natural) + 1e-38;
        if (!(Math.Abs(actual - expected) <= tol))
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {actual:R}, expected {expected:R} (|diff| {Math.Abs(actual - expected):G3} > tolerance {tol:G3}, condition {condition:G3})"));
    }

    /// <summary>The DKW threshold t with 2e^{−2nt²} = α.</summary>
    public static double DkwThreshold(int n, double alpha = 1e-6) => Math.Sqrt(Math.Log(2 / alpha) / (2.0 * n));

    /// <summary>sup_x |F_n(x) − F(x)| of a sample against a continuous cdf (evaluated in double).</summary>
    public static double KolmogorovDistance(float[] sample, Func<double, double> cdf)
    {
        var xs = sample.Select(v => (double)v).OrderBy(v => v).ToArray();
        double d = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double f = cdf(xs[i]);
            d = Math.Max(d, Math.Max(Math.Abs((i + 1.0) / xs.Length - f), Math.Abs((double)i / xs.Length - f)));
        }
        return d;
    }

    /// <summary>Asserts the sample's Kolmogorov distance is below the DKW threshold at α = 10⁻⁶, and prints both.</summary>
    public static void AssertSampleFollows(string what, float[] sample, Func<double, double> cdf)
    {
        double d = KolmogorovDistance(sample, cdf), t = DkwThreshold(sample.Length);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: n = {sample.Length}, sup|F_n − F| = {d:G3}, DKW threshold (α = 1e-6) {t:G3}"));
        Assert.That(d, Is.LessThan(t), what);
    }
}
