using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Metrics.Statistics;
using MathNet.Numerics.Distributions;
using static Grader.Checks.Hidden.Diffusion.Statistical.DtuSamplerFollowsOracleLaw;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class DtuSamplerFollowsOracleLawTests
{
    private static readonly DtuSamplerFollowsOracleLaw Check = new();

    [TestCase(DtuSampleBug.PosteriorVariance, "σ_t² = β̃_t (the posterior variance)")]
    [TestCase(DtuSampleBug.SigmaIsBeta, "σ_t = β_t: the square root")]
    [TestCase(DtuSampleBug.NoNoise, "no noise σ_t·z is added")]
    [TestCase(DtuSampleBug.NoiseAtLastStep, "noise is added at the last step t = 0 too")]
    [TestCase(DtuSampleBug.EpsilonSign, "the ε̂ term is added instead of subtracted")]
    public void A_sampler_bug_fails_with_its_diagnosis(DtuSampleBug bug, string diagnosis)
    {
        var result = FormulaHandins.Fails(Check, new FormulaDtuDdpm(bug), 7);
        result.Message.Should().StartWith("DDPM.sample's samples do not follow the law Algorithm 2 with σ_t² = β_t gives")
            .And.Contain("Hint: the seen moments match the law of a sampler in which " + diagnosis);
        result.SheetRef.Should().Contain("sheet 004, ex. 3.4");
        result.TutorDetail.Should().Contain("coordinate 1 ~ N(0.5, 0.003055)").And.Contain("T = 100");
        (result.Message + result.Expected + result.Seen).Should().NotContainAny("0.003055", "T = 100", "20000");
    }

    [Test]
    public void Raw_time_steps_are_refused_by_the_oracle()
    {
        var result = FormulaHandins.Run(Check, new FormulaDtuDdpm(DtuSampleBug.RawTime), 7, CheckOutcome.Errored);
        result.Message.Should().StartWith("Sample([N, d], schedule, network, noise) threw ArgumentException: the ε-network got a time input that is not a step in its convention")
            .And.Contain("it expects the step normalised to [0, 1) as t/T, t an integer 0 … T − 1").And.NotContain("100");
    }

    [Test]
    public void The_law_of_the_set_up_is_the_documented_one()
    {
        var s = Check.Design;
        var schedule = s.Schedule();
        var narrow = ExpectedLaw(schedule, 0.5, 0.0025);
        var wide = ExpectedLaw(schedule, -0.5, 0.25);
        narrow.Mean.Should().BeApproximately(0.5, 5e-5);
        narrow.Variance.Should().BeApproximately(0.003055, 5e-7);
        wide.Mean.Should().BeApproximately(-0.5, 5e-5);
        wide.Variance.Should().BeApproximately(0.2578, 5e-5);
    }

    /// <summary>
    /// The power table of the XML doc: for each bug the exact law of the standardised residuals N(δ, ρ) per coordinate
    /// gives the probability that all sub-tests pass (mean: √N·mean ~ N(√N δ, ρ); variance: s² ~ ρ χ²_{N−1}/(N−1);
    /// the power is at least 1 − min over sub-tests and coordinates of P(pass)).
    /// </summary>
    [Test]
    public void Power_table()
    {
        var s = Check.Design;
        var schedule = s.Schedule();
        var n = s.Samples;
        var alpha = FalseFailBudget.Bonferroni(FalseFailBudget.Bonferroni(s.FalseFailRate, 2), GaussianMoments.SubTests);
        var z = FalseFailBudget.TwoSidedZ(alpha);
        var (lo, hi) = GaussianMoments.VarianceBand(n, alpha);
        TestContext.Out.WriteLine($"sub-test α = {alpha:G3}, z = {z:F3}, variance band [{lo:F4}, {hi:F4}]");
        var powers = new Dictionary<Variant, double>();
        foreach (var variant in Enum.GetValues<Variant>().Where(v => v != Variant.AsSpecified))
        {
            var bestLogPass = 0.0;
            var cells = new List<string>();
            for (var j = 0; j < 2; j++)
            {
                var ok = ExpectedLaw(schedule, s.DataMean[j], s.DataVariance[j]);
                var bad = ExpectedLaw(schedule, s.DataMean[j], s.DataVariance[j], variant);
                var delta = (bad.Mean - ok.Mean) / Math.Sqrt(ok.Variance);
                var rho = bad.Variance / ok.Variance;
                var logPassVariance = LogPassVariance(n, rho, lo, hi);
                var shift = Math.Sqrt(n) * delta / Math.Sqrt(rho);
                var passMean = Normal.CDF(0, 1, z / Math.Sqrt(rho) - shift) - Normal.CDF(0, 1, -z / Math.Sqrt(rho) - shift);
                var logPass = Math.Min(logPassVariance, Math.Log10(Math.Max(passMean, 1e-300)));
                bestLogPass = Math.Min(bestLogPass, logPass);
                cells.Add($"coord {j + 1}: δ = {delta:G3} sd, ρ = {rho:G4}, log10 P(pass) ≤ {logPass:F1}");
            }

            powers[variant] = bestLogPass;
            TestContext.Out.WriteLine($"{variant}: {string.Join("; ", cells)}");
        }

        powers.Values.Should().OnlyContain(logPass => logPass < -30, "every named bug must be caught with power 1 − 1e-30 or better");
    }

    /// <summary>log10 P(ρ χ²_{N−1}/(N−1) ∈ [lo, hi]).</summary>
    internal static double LogPassVariance(int n, double rho, double lo, double hi)
    {
        var dof = n - 1.0;
        var p = ChiSquared.CDF(dof, hi * dof / rho) - ChiSquared.CDF(dof, lo * dof / rho);
        if (p > 1e-300) return Math.Log10(p);
        // Beyond double range: the log of the dominant tail by the Wilson–Hilferty normal approximation.
        var bound = rho > 1 ? hi : lo;
        var x = bound * dof / rho;
        var w = (Math.Pow(x / dof, 1.0 / 3) - (1 - 2 / (9 * dof))) / Math.Sqrt(2 / (9 * dof));
        var tail = rho > 1 ? w : -w;
        return LogNormalCdf(tail) / Math.Log(10);
    }

    /// <summary>ln Φ(x), with the Mills-ratio asymptote ln Φ(x) ≈ −x²/2 − ln(−x√(2π)) far in the lower tail.</summary>
    internal static double LogNormalCdf(double x) =>
        x > -30 ? Math.Log(Normal.CDF(0, 1, x)) : -x * x / 2 - Math.Log(-x * Math.Sqrt(2 * Math.PI));
}
