using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Tests.Support;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// DTU 3.1's forward marginal (sheet 004): the reference and a hand-in that sums logarithms pass on every seed (the bound
/// is not too tight), and each wrong form of √ᾱ_T or 1 − ᾱ_T a student writes fails, the two that return ᾱ_T with the hint.
/// </summary>
public sealed class DtuForwardMarginalMatchesClosedFormTests
{
    private static readonly DtuForwardMarginalMatchesClosedForm Check = new();

    private static CheckResult Run(IDtuForwardMarginal handin, ulong seed) =>
        Check.Run(new CheckContext(contract => contract.IsInstanceOfType(handin) ? handin : null, seed, DiffusionCheckHarness.SnapshotRoot()));

    [Test]
    public void The_reference_and_a_sum_of_logarithms_pass_on_20_of_20_seeds()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            Run(new ReferenceDtuForwardMarginal(), seed).ShouldPass();
            Run(new Marginal(betas => Math.Exp(betas.Reverse().Sum(b => Math.Log(1 - b)))), seed).ShouldPass();
        }
    }

    [Test]
    public void The_pass_message_shows_the_limit()
    {
        var result = Run(new ReferenceDtuForwardMarginal(), 1);

        result.ShouldPass();
        result.Message.Should().Contain("on the longest").And.Contain("q(z_T | x) ≈ N(0, I)");
    }

    [Test]
    public void The_mean_without_its_square_root_fails_and_is_told_so() =>
        Run(new Marginal(DtuForwardMarginalMatchesClosedForm.AlphaBar, meanWithoutRoot: true), 1)
            .ShouldFailWith("MeanScale(β_1 = ", "not √ᾱ_T", "That is ᾱ_T itself", "sheet 004, ex. 3.1");

    [Test]
    public void The_variance_as_alpha_bar_fails_and_is_told_so() =>
        Run(new Marginal(DtuForwardMarginalMatchesClosedForm.AlphaBar, varianceIsAlphaBar: true), 1)
            .ShouldFailWith("Variance(", "not 1 − ᾱ_T", "That is ᾱ_T: the variance");

    [Test]
    public void A_product_started_one_step_late_or_a_first_order_alpha_bar_fails()
    {
        Run(new Marginal(betas => DtuForwardMarginalMatchesClosedForm.AlphaBar(betas[1..])), 1).ShouldFailWith("MeanScale(β_1 = ", "not √ᾱ_T");
        Run(new Marginal(betas => 1 - betas.Sum()), 1).ShouldFailWith("MeanScale(", "not √ᾱ_T");
    }

    [Test]
    public void A_hand_in_that_returns_the_limit_fails_on_the_long_schedule() =>
        Run(new Limit(), 1).ShouldFailWith("MeanScale(a long linear schedule drawn for this run)", "not √ᾱ_T");

    [Test]
    public void A_throwing_hand_in_errors_with_the_call_named() =>
        Run(new Marginal(_ => throw new InvalidOperationException("boom")), 1).ShouldErrorWith("MeanScale", "InvalidOperationException");

    /// <summary>√ᾱ_T and 1 − ᾱ_T from <c>alphaBar</c>, or one of the two wrong forms that return ᾱ_T.</summary>
    private sealed class Marginal(Func<double[], double> alphaBar, bool meanWithoutRoot = false, bool varianceIsAlphaBar = false) : IDtuForwardMarginal
    {
        public double MeanScale(double[] betas) => meanWithoutRoot ? alphaBar(betas) : Math.Sqrt(alphaBar(betas));

        public double Variance(double[] betas) => varianceIsAlphaBar ? alphaBar(betas) : 1 - alphaBar(betas);
    }

    /// <summary>Right until ᾱ_T is small, then the limit N(0, I) itself.</summary>
    private sealed class Limit : IDtuForwardMarginal
    {
        public double MeanScale(double[] betas) => DtuForwardMarginalMatchesClosedForm.AlphaBar(betas) < 1e-30 ? 0 : Math.Sqrt(DtuForwardMarginalMatchesClosedForm.AlphaBar(betas));

        public double Variance(double[] betas) => DtuForwardMarginalMatchesClosedForm.AlphaBar(betas) < 1e-30 ? 1 : 1 - DtuForwardMarginalMatchesClosedForm.AlphaBar(betas);
    }
}
