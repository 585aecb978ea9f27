using Grader.Checks.Hidden.Diffusion.Statistical;

namespace Grader.Reference.Tests.Hidden.Statistical;

/// <summary>
/// Every correct hand-in gets full marks: each statistical diffusion check passes the hand-in written from the sheet's
/// formulas on seeds 1 and 2, with the message (and tutor detail) a student then reads. These were one test per check
/// (<c>The_correct_step_passes</c>, <c>The_correct_sampler_passes</c>); the broken hand-ins stay in each check's tests.
/// </summary>
public sealed class CorrectFormulasPassTests
{
    private static IEnumerable<TestCaseData> CorrectHandins()
    {
        foreach (var seed in new ulong[] { 1, 2 })
        {
            yield return Case(new DdimNoiseResponse(), new FormulaDdim(), seed, result =>
                result.Message.Should().Be("With η = 1 the DDIM step responds to its noise as σ_t(η)·z at every tested step."));
            yield return Case(new DdimEtaZeroIsDeterministic(), new FormulaDdim(), seed, result =>
                result.Message.Should().Be("With η = 0 the DDIM step ignores z at every tested step: the deterministic sampler."));
            yield return Case(new SameNoiseIsShared(), new FormulaSameNoise(), seed, result =>
                result.Message.Should().StartWith("Identical latents give identical trajectories, sample differences are the same for two noise seeds, and the noise is used"));
            yield return Case(new DtuSamplerFollowsOracleLaw(), new FormulaDtuDdpm(), seed, result =>
            {
                result.Message.Should().Contain("variance ").And.Contain("times the exact law's").And.Contain("false-fail rate 1E-06").And.NotContain("0.5");
                result.TutorDetail.Should().Contain("coordinate 1 ~ N(0.5, ");
            });
            yield return Case(new ReverseStepHasPosteriorVariance(), new FormulaReverseStep(), seed, result =>
            {
                result.Message.Should().StartWith("The reverse step is N(μ̃_t, β̃_t I) (t = 1; residuals").And.Contain("residual variance ").And.NotContain("N = ");
                result.TutorDetail.Should().Contain("β̃_t = 0.3573·β_t").And.Contain("N = ");
            });
        }
    }

    private static TestCaseData Case(ICheck check, object handin, ulong seed, Action<CheckResult> message) =>
        new TestCaseData(check, handin, seed, message).SetArgDisplayNames(check.GetType().Name, $"seed {seed}");

    [TestCaseSource(nameof(CorrectHandins))]
    public void The_correct_hand_in_passes(ICheck check, object handin, ulong seed, Action<CheckResult> message) =>
        message(FormulaHandins.Passes(check, handin, seed));
}
