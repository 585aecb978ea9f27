using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Metrics.Statistics;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class ReverseStepHasPosteriorVarianceTests
{
    private static readonly ReverseStepHasPosteriorVariance Check = new();

    [TestCase(ReverseStepBug.BetaInsteadOfBetaTilde, "residual variance 2.8", "σ_t² = β_t (DDPM's \"fixed large\")")]
    [TestCase(ReverseStepBug.MissingSqrt, "residual variance 6.", "a square root is missing")]
    [TestCase(ReverseStepBug.NoNoise, "residual variance ", "is σ_t·z added at t ≥ 1?")]
    [TestCase(ReverseStepBug.ClipX0, "residual variance ", "check x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ (no clipping)")]
    [TestCase(ReverseStepBug.AlphaBarOffByOne, "residual variance ", "check x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ (no clipping)")]
    public void A_step_bug_fails_with_its_hint(ReverseStepBug bug, string statistic, string hint)
    {
        var result = FormulaHandins.Fails(Check, new FormulaReverseStep(bug), 7);
        result.Message.Should().StartWith("The reverse step's output is not N(μ̃_t, β̃_t I) for fresh z").And.Contain(statistic).And.Contain(hint);
        result.SheetRef.Should().StartWith("ex. 1 (a)");
    }

    /// <summary>
    /// The two ends every run (issue 45 item 4): noise at t = 0 (the variance log-clipped to β̃_1 without the mask) and
    /// √ᾱ_t for √α_t in the posterior mean, both exact at t = 1, fail at their own step with its words.
    /// </summary>
    [TestCase("reverse-step-noise-at-last-step", "At t = 0, the last step, the reverse step's output moves with z", "(√β̃_1: Ho et al.'s code keeps the variance log-clipped")]
    [TestCase("reverse-step-mean-sqrt-alphabar", "(t = T − 1, the chain's first step; residuals", "the two posterior-mean coefficients")]
    public void A_step_wrong_only_away_from_t_1_fails_at_its_step(string mutant, string where, string hint)
    {
        var handin = Grading.SheetCasesEveryRunTests.Compile($"Diffusion/Mutants/{mutant}");
        var result = Check.Run(new CheckContext(handin, 7, "") { Hidden = true });
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain(where).And.Contain(hint).And.NotContain("T = ");
        result.TutorDetail.Should().Contain("t = 1: ").And.Contain("N = ");
    }

    [Test]
    public void A_nan_output_fails_naming_the_index()
    {
        var result = FormulaHandins.Fails(Check, new FormulaReverseStep(ReverseStepBug.NaN), 7);
        result.Message.Should().Contain("returned NaN at index [0, 0]");
    }

    [Test]
    public void The_step_law_is_the_posterior_at_t_1()
    {
        var schedule = Check.Design.Schedule();
        var terms = new ScheduleTerms(schedule);
        (terms.BetaTilde[1] / terms.Beta[1]).Should().BeApproximately(0.3573, 5e-5);
        var thousand = new ScheduleTerms(ScheduleTerms.Linear(1000, 1e-4, 0.02));
        (thousand.BetaTilde[1] / thousand.Beta[1]).Should().BeApproximately(0.4547, 5e-5, "ml-anchors §1.3");
        ReverseStepHasPosteriorVariance.StepLaw(schedule, 1, 0.5, 0.25).Variance.Should().Be(terms.BetaTilde[1]);
    }

    [Test]
    public void Power_table()
    {
        var s = Check.Design;
        var terms = new ScheduleTerms(s.Schedule());
        var n = s.Points * s.DataMean.Count;
        var alpha = FalseFailBudget.Bonferroni(Check.StepFalseFailRate, GaussianMoments.SubTests);
        var (lo, hi) = GaussianMoments.VarianceBand(n, alpha);
        TestContext.Out.WriteLine($"{n} residuals, sub-test α = {alpha:G3}, variance band [{lo:F4}, {hi:F4}]");
        var rows = new (string Bug, double Rho)[]
        {
            ("σ² = β (swap)", terms.Beta[1] / terms.BetaTilde[1]),
            ("σ = β̃ (no root)", terms.BetaTilde[1]),
        };
        foreach (var (bug, rho) in rows)
        {
            var logPass = DtuSamplerFollowsOracleLawTests.LogPassVariance(n, rho, lo, hi);
            TestContext.Out.WriteLine($"{bug}: ρ = {rho:G4}, log10 P(pass) = {logPass:F1}");
            logPass.Should().BeLessThan(-250);
        }
    }
}
