using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Tests.Support;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// DTU 3.3's term L_{t−1} (sheet 004): the reference and a correct sum in another order pass on every seed (the bound is
/// not too tight), and each wrong form of the KL divergence a student writes fails, the one without C with the hint.
/// </summary>
public sealed class DtuKlTermMatchesClosedFormTests
{
    private static readonly DtuKlTermMatchesClosedForm Check = new();

    private static CheckResult Run(IDtuKlTerm handin, ulong seed) =>
        Check.Run(new CheckContext(contract => contract.IsInstanceOfType(handin) ? handin : null, seed, DiffusionCheckHarness.SnapshotRoot()));

    [Test]
    public void The_reference_and_a_sum_in_another_order_pass_on_20_of_20_seeds()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            Run(new ReferenceDtuKlTerm(), seed).ShouldPass();
            Run(new Reordered(), seed).ShouldPass();
        }
    }

    [Test]
    public void The_term_without_C_fails_and_is_told_so() =>
        Run(new Wrong((quadratic, constant) => quadratic), 1).ShouldFailWith("returned", "not KL(N(μ̃, β̃ I) ‖ N(μ_θ, σ² I))", "with the constant C of the variances", "sheet 004, ex. 3.3");

    [Test]
    public void The_term_without_its_half_or_with_sigma_for_sigma_squared_fails()
    {
        Run(new Wrong((quadratic, constant) => 2 * (quadratic + constant)), 1).ShouldFailWith("not KL(");
        Run(new Wrong((quadratic, constant) => quadratic + constant, sigmaNotSquared: true), 1).ShouldFailWith("not KL(");
    }

    [Test]
    public void A_throwing_hand_in_errors_with_the_call_named() =>
        Run(new Wrong((_, _) => throw new InvalidOperationException("boom")), 1).ShouldErrorWith("KlTerm", "InvalidOperationException");

    /// <summary>KL per coordinate, summed from the last coordinate down, C written with ln(σ²/β̃).</summary>
    private sealed class Reordered : IDtuKlTerm
    {
        public double KlTerm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared)
        {
            var sum = 0.0;
            for (var i = muTilde.Length - 1; i >= 0; i--)
                sum += 0.5 * ((betaTilde / sigmaSquared) - 1 + Math.Log(sigmaSquared / betaTilde) + ((muTheta[i] - muTilde[i]) * (muTheta[i] - muTilde[i]) / sigmaSquared));
            return sum;
        }
    }

    /// <summary>A wrong form: <c>form(‖μ̃ − μ_θ‖²/(2σ²), C)</c>, with σ in place of σ² when <c>sigmaNotSquared</c>.</summary>
    private sealed class Wrong(Func<double, double, double> form, bool sigmaNotSquared = false) : IDtuKlTerm
    {
        public double KlTerm(double[] muTilde, double betaTilde, double[] muTheta, double sigmaSquared)
        {
            var variance = sigmaNotSquared ? Math.Sqrt(sigmaSquared) : sigmaSquared;
            var (value, _) = DtuKlTermMatchesClosedForm.ClosedForm(muTilde, betaTilde, muTheta, variance);
            var quadratic = muTilde.Zip(muTheta).Sum(p => (p.First - p.Second) * (p.First - p.Second)) / (2 * variance);
            return form(quadratic, value - quadratic);
        }
    }
}
