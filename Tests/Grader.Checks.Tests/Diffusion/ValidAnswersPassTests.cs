using Grader.Checks.Checking;
using static Grader.Checks.Tests.Diffusion.ReferenceChecks;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>
/// Every correct hand-in gets full marks: each diffusion reference check passes the sheet's formula in every form and
/// precision a student may write it in, and the answers beside the formula that the sheet accepts. One case per answer,
/// named by the check and the answer (these were one test per check before).
/// </summary>
public sealed class ValidAnswersPassTests
{
    private static IEnumerable<TestCaseData> ValidAnswers()
    {
        foreach (var float32 in new[] { false, true })
        {
            var precision = float32 ? "float32" : "double";
            yield return Answer(Ddim, new FormulaDdimStep(DdimBug.None, float32), $"equation 12 in {precision}");
            yield return Answer(DdimWithNoise, new FormulaDdimStep(DdimBug.None, float32), $"equation 12 with noise in {precision}");
            yield return Answer(ReverseStep, new FormulaReverseStep(StepBug.None, float32), $"the notebook's step in {precision}");
            yield return Answer(NegativeElbo, new FormulaNegativeElbo(ElboBug.None, float32), $"the sheet's formula in {precision}");
            yield return Answer(SameNoise, new FormulaSameNoise(SameNoiseBug.None, float32), $"the notebook's sampler in {precision}");
            yield return Answer(Interpolation, new FormulaInterpolation(InterpolationBug.None, convex: float32), float32 ? "linspace as (1 − λ)a + λb" : "linspace as a + λ(b − a)");
            foreach (var posteriorForm in new[] { false, true })
                yield return Answer(DtuSample, new FormulaDtuSampler(SampleBug.None, float32, posteriorForm), $"Algorithm 2 in the {(posteriorForm ? "posterior-mean" : "ε")} form in {precision}");
        }

        yield return Answer(Ddim, new FormulaDdimStep(DdimBug.EtaIgnored), "η ignored: the deterministic step is all the sheet asks");
        yield return Answer(ReverseStep, new FormulaReverseStep(StepBug.NoiseAtLastStep), "noise at the last step with the posterior variance changes nothing");
        yield return Answer(SameNoise, new FormulaSameNoise(SameNoiseBug.RowZeroOfPerSampleDraw), "row 0 of an [N, d] draw given to every sample (the keyed source draws row by row)");
        // Integers(1, T + 1) − 1 and Normal([N, D]) give the numbers Integers(0, T, [N, 1]) and Normal([N·D]) give.
        yield return Answer(NegativeElbo, new FormulaNegativeElbo(ElboBug.ShiftedRange), "the same draws asked for in another shape or offset");
    }

    private static TestCaseData Answer(ICheck check, object handin, string answer) =>
        new TestCaseData(check, handin).SetArgDisplayNames(check.GetType().Name, answer);

    [TestCaseSource(nameof(ValidAnswers))]
    public void AValidAnswerPasses(ICheck check, object handin) => DiffusionCheckHarness.Run(check, handin).ShouldPass();
}
