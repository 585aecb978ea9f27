using System.Globalization;
using Grader.Metrics;
using MathNet.Numerics.Distributions;

namespace Grader.Metrics.Statistics;

/// <summary>
/// The exact-Gaussian one-step test (ml-anchors §6.3): given N standardised residuals
/// <c>r = (x − μ)/σ</c> that must be i.i.d. N(0, 1) under a correct implementation, test the mean, the variance and
/// the whole distribution. <see cref="FalseFailRate"/> is the total false-fail probability of the three together.
/// </summary>
/// <remarks>
/// <para>Design. The total α (default 1e-6) is split by Bonferroni over the three sub-tests, α/3 each:</para>
/// <list type="number">
/// <item><description>
/// Mean: <c>|√N · mean(r)| &lt; z</c>, z the two-sided normal critical value at α/3 (5.11 at α = 1e-6). Exact:
/// √N·mean(r) ~ N(0, 1) under the null. Power: a mean shift of δ standard deviations is caught with false-pass
/// rate fp once N ≳ ((z + z_fp)/δ)², e.g. about 400 for δ = 0.5 and 10,000 for δ = 0.1 at fp = 1e-6.
/// </description></item>
/// <item><description>
/// Variance: the sample variance s² (ddof = 1) must lie in the χ² acceptance band
/// <c>[χ²_{N−1}(α/2)/(N−1), χ²_{N−1}(1 − α/2)/(N−1)]</c> for s²/σ² (σ = 1 after standardising). Exact. At α = 1e-6
/// (see <see cref="VarianceBand"/>): N = 1000 → [0.7962, 1.2344], 1e4 → [0.9323, 1.0707], 1e5 → [0.9783, 1.0220].
/// A missing square root (std σ² instead of σ) or a missing noise term fails this by orders of magnitude.
/// </description></item>
/// <item><description>
/// Distribution: one-sample KS of r against Φ at the DKW–Massart threshold ε(N, α/3) (<see cref="Dkw.Epsilon"/>),
/// valid for every N. Catches non-Gaussian noise with the right first two moments (e.g. uniform noise).
/// </description></item>
/// </list>
/// <para>
/// Thresholds are record parameters, never constants inside <see cref="Test"/>. Non-finite residuals fail all three
/// sub-tests with a message naming the first bad index (fail closed).
/// </para>
/// </remarks>
public sealed record GaussianMoments(double FalseFailRate = FalseFailBudget.DefaultRate)
{
    /// <summary>The number of sub-tests sharing <see cref="FalseFailRate"/>.</summary>
    public const int SubTests = 3;

    /// <summary>The level of each sub-test: <see cref="FalseFailRate"/>/3.</summary>
    public double SubTestAlpha => FalseFailBudget.Bonferroni(FalseFailRate, SubTests);

    /// <summary>
    /// The two-sided χ² acceptance band for s²/σ² with N samples (N − 1 degrees of freedom) at level
    /// <paramref name="alpha"/>: [χ²(α/2), χ²(1 − α/2)]/(N − 1).
    /// </summary>
    public static (double Lower, double Upper) VarianceBand(int n, double alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        FalseFailBudget.RequireProbability(alpha, nameof(alpha));
        double dof = n - 1;
        return (ChiSquared.InvCDF(dof, alpha / 2) / dof, ChiSquared.InvCDF(dof, 1 - alpha / 2) / dof);
    }

    /// <summary>Runs the three sub-tests on the standardised residuals.</summary>
    public GaussianMomentsVerdict Test(ReadOnlySpan<double> residuals)
    {
        FalseFailBudget.RequireProbability(FalseFailRate, nameof(FalseFailRate));
        var n = residuals.Length;
        if (n < 2) throw new ArgumentException("The test needs at least 2 residuals.", nameof(residuals));
        var a = SubTestAlpha;
        var z = FalseFailBudget.TwoSidedZ(a);
        var band = VarianceBand(n, a);
        var eps = Dkw.Epsilon(n, a);

        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(residuals[i])) continue;
            var why = $"residual {i} is {F(residuals[i])}; every residual must be finite";
            return Verdict(
                new GaussianSubVerdict("mean", false, double.NaN, -z, z, why),
                new GaussianSubVerdict("variance", false, double.NaN, band.Lower, band.Upper, why),
                new GaussianSubVerdict("ks", false, double.NaN, 0, eps, why));
        }

        double sum = 0;
        for (var i = 0; i < n; i++) sum += residuals[i];
        var mean = sum / n;
        double ss = 0;
        for (var i = 0; i < n; i++)
        {
            var t = residuals[i] - mean;
            ss += t * t;
        }
        var variance = ss / (n - 1);
        var zStat = Math.Sqrt(n) * mean;
        var ks = MarginalKs.Distance(residuals, x => Normal.CDF(0, 1, x));

        var meanOk = Math.Abs(zStat) < z;
        var varOk = variance >= band.Lower && variance <= band.Upper;
        var ksOk = ks <= eps;
        return Verdict(
            new GaussianSubVerdict("mean", meanOk, zStat, -z, z,
                $"mean: √N·mean(r) = {F(zStat)} ({(meanOk ? "inside" : "outside")} ±{F(z)}; mean(r) = {F(mean)} standard deviations, N = {n}, α = {F(a)} two-sided)"),
            new GaussianSubVerdict("variance", varOk, variance, band.Lower, band.Upper,
                $"variance: s²/σ² = {F(variance)} ({(varOk ? "inside" : "outside")} the χ² band [{F(band.Lower)}, {F(band.Upper)}], N = {n}, α = {F(a)})"),
            new GaussianSubVerdict("ks", ksOk, ks, 0, eps,
                $"ks: D = {F(ks)} against N(0, 1) ({(ksOk ? "≤" : ">")} DKW ε = {F(eps)}, N = {n}, α = {F(a)})"));
    }

    private GaussianMomentsVerdict Verdict(GaussianSubVerdict mean, GaussianSubVerdict variance, GaussianSubVerdict ks)
    {
        var failed = new[] { mean, variance, ks }.Where(v => !v.Passed).ToList();
        var message = failed.Count == 0
            ? $"Residuals consistent with N(0, 1) (false-fail rate {F(FalseFailRate)}): {mean.Message}; {variance.Message}; {ks.Message}."
            : $"Residuals not N(0, 1): {string.Join("; ", failed.Select(v => v.Message))}.";
        return new GaussianMomentsVerdict(failed.Count == 0, mean, variance, ks, message);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}

/// <summary>
/// One sub-test of <see cref="GaussianMoments"/>: its name (<c>mean</c>, <c>variance</c>, <c>ks</c>), verdict,
/// statistic, acceptance region [<paramref name="Lower"/>, <paramref name="Upper"/>] (the mean's is open), and message.
/// </summary>
public sealed record GaussianSubVerdict(string Name, bool Passed, double Statistic, double Lower, double Upper, string Message);

/// <summary>The overall verdict of <see cref="GaussianMoments.Test"/> (passed only if all three passed) and its message.</summary>
public sealed record GaussianMomentsVerdict(bool Passed, GaussianSubVerdict Mean, GaussianSubVerdict Variance, GaussianSubVerdict Ks, string Message);
