using Grader.Metrics;

namespace Grader.Metrics.Statistics;

/// <summary>
/// Kolmogorov–Smirnov thresholds: the Dvoretzky–Kiefer–Wolfowitz–Massart envelope, the distribution-free one- and
/// two-sample tests built on it (TensorFlow Probability's <c>statistical_testing</c> style), and the asymptotic
/// Kolmogorov two-sample critical value.
/// </summary>
/// <remarks>
/// <para>
/// DKW–Massart: <c>P(D_n &gt; ε) ≤ 2 exp(−2nε²)</c> for every n, so <c>ε(n, α) = sqrt(ln(2/α)/(2n))</c> is a valid
/// level-α critical value for the one-sample D_n (ε(1000, 1e-6) = 0.08517, ε(1e4, 1e-6) = 0.02693; the exact
/// critical values are 0.08495 and 0.02692).
/// </para>
/// <para>
/// Two-sample, distribution-free: fail if <c>D &gt; ε(n, α/2) + ε(m, α/2)</c> (each empirical CDF within its
/// envelope at α/2, so the level is ≤ α by the union bound; 0.0551 at n = m = 1e4, α = 1e-6). TFP's design helpers
/// (<c>min_discrepancy_of_true_cdfs_detectable_by_dkwm_two_sample</c>) halve α like this; its assertion
/// <c>assert_true_cdf_equal_by_dkwm_two_sample</c> does not (ε(n, α) + ε(m, α) = 0.0539 there, level ≤ 2α).
/// Two-sample, asymptotic (scipy's large-sample <c>ks_2samp</c>): fail if
/// <c>D &gt; c(α) sqrt((n+m)/(nm))</c>, where c(α) solves <c>Q_K(c) = α</c> for the Kolmogorov survival function
/// <c>Q_K(c) = 2 Σ_{k≥1} (−1)^(k−1) exp(−2k²c²)</c>; c(1e-6) = 2.6934. The asymptotic one is tighter (0.0381 vs 0.0551
/// at n = m = 1e4, α = 1e-6) but only asymptotically calibrated.
/// </para>
/// <para>
/// Design helpers (TFP): the smallest KS discrepancy detectable with false-fail rate ff and false-pass rate fp is
/// <c>ε(n, ff) + ε(n, fp)</c>; the samples needed for discrepancy δ are
/// <c>⌈max(ln(2/ff), ln(2/fp)) / (2 (δ/2)²)⌉</c> (δ = 0.02 → 72,544; δ = 0.05 → 11,607 at 1e-6/1e-6).
/// </para>
/// </remarks>
public static class Dkw
{
    /// <summary>The DKW–Massart envelope ε(n, α) = sqrt(ln(2/α)/(2n)).</summary>
    public static double Epsilon(int n, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        FalseFailBudget.RequireProbability(alpha, nameof(alpha));
        return Math.Sqrt(Math.Log(2 / alpha) / (2.0 * n));
    }

    /// <summary>The distribution-free two-sample threshold ε(n, α/2) + ε(m, α/2).</summary>
    public static double TwoSampleThreshold(int n, int m, double alpha) => Epsilon(n, alpha / 2) + Epsilon(m, alpha / 2);

    /// <summary>The asymptotic two-sample threshold c(α) sqrt((n+m)/(nm)).</summary>
    public static double AsymptoticTwoSampleThreshold(int n, int m, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        return KolmogorovQuantile(alpha) * Math.Sqrt((double)(n + m) / ((double)n * m));
    }

    /// <summary>
    /// One-sample test of a 1-D sample against a continuous CDF: passes when D_n ≤ ε(n, α).
    /// </summary>
    public static (double Statistic, double Threshold, bool Passed) OneSample(ReadOnlySpan<double> sample, Func<double, double> cdf, double alpha)
    {
        var d = MarginalKs.Distance(sample, cdf);
        var eps = Epsilon(sample.Length, alpha);
        return (d, eps, d <= eps);
    }

    /// <summary>Distribution-free two-sample test: passes when D ≤ ε(n, α/2) + ε(m, α/2).</summary>
    public static (double Statistic, double Threshold, bool Passed) TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double alpha)
    {
        var d = MarginalKs.Distance(a, b);
        var t = TwoSampleThreshold(a.Length, b.Length, alpha);
        return (d, t, d <= t);
    }

    /// <summary>The Kolmogorov survival function Q_K(c) = P(sup|B| &gt; c) for a Brownian bridge B.</summary>
    public static double KolmogorovSurvival(double c)
    {
        if (double.IsNaN(c)) throw new ArgumentOutOfRangeException(nameof(c), c, "c is NaN.");
        if (c <= 0) return 1;
        if (c < 1)
        {
            // Jacobi-theta form of the CDF, fast for small c: K(c) = sqrt(2π)/c Σ_{k≥1} exp(−(2k−1)²π²/(8c²)).
            double cdf = 0;
            for (var k = 1; k <= 50; k++)
            {
                var t = Math.Exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * c * c));
                cdf += t;
                if (t < 1e-18 * cdf) break;
            }
            return 1 - Math.Sqrt(2 * Math.PI) / c * cdf;
        }
        double q = 0;
        for (var k = 1; k <= 100; k++)
        {
            var t = Math.Exp(-2.0 * k * k * c * c);
            q += (k % 2 == 1 ? 2 : -2) * t;
            if (t < 1e-18 * q) break;
        }
        return q;
    }

    /// <summary>The Kolmogorov critical value c(α) with Q_K(c) = α (scipy's <c>kolmogi</c>), by bisection.</summary>
    public static double KolmogorovQuantile(double alpha)
    {
        FalseFailBudget.RequireProbability(alpha, nameof(alpha));
        double lo = 0.05, hi = 10;
        for (var it = 0; it < 200 && hi - lo > 1e-14; it++)
        {
            var mid = 0.5 * (lo + hi);
            if (KolmogorovSurvival(mid) > alpha) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>The smallest KS discrepancy detected with false-fail rate ff and false-pass rate fp: ε(n, ff) + ε(n, fp).</summary>
    public static double MinimumDetectableDiscrepancy(int n, double falseFailRate, double falsePassRate) =>
        Epsilon(n, falseFailRate) + Epsilon(n, falsePassRate);

    /// <summary>Samples needed to detect a KS discrepancy δ: ⌈max(ln(2/ff), ln(2/fp)) / (2 (δ/2)²)⌉.</summary>
    public static int SamplesNeeded(double discrepancy, double falseFailRate, double falsePassRate)
    {
        if (!(discrepancy > 0 && discrepancy <= 1))
            throw new ArgumentOutOfRangeException(nameof(discrepancy), discrepancy, "The discrepancy must lie in (0, 1].");
        FalseFailBudget.RequireProbability(falseFailRate, nameof(falseFailRate));
        FalseFailBudget.RequireProbability(falsePassRate, nameof(falsePassRate));
        var half = discrepancy / 2;
        return (int)Math.Ceiling(Math.Max(Math.Log(2 / falseFailRate), Math.Log(2 / falsePassRate)) / (2 * half * half));
    }
}
