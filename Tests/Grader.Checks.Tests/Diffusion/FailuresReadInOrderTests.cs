using Grader.Checks.Checking;
using static Grader.Checks.Tests.Diffusion.ReferenceChecks;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>
/// A failure message reads in order: what differs and where, expected, seen, the bug named, the smallest
/// counterexample, the sheet to re-read (<see cref="DiffusionCheckHarness.ShouldFailInOrder"/>). One case per broken
/// hand-in of the six diffusion reference checks, named by the check and the test it was before; the bugs whose
/// message is checked by its parts alone stay in each check's tests.
/// </summary>
public sealed class FailuresReadInOrderTests
{
    private static IEnumerable<TestCaseData> BrokenHandins()
    {
        yield return Failure(DdimWithNoise, new FormulaDdimStep(DdimBug.EtaIgnored), "IgnoringEtaIsNamed",
            "differs from the reference at t = 1, η = 0.5", "expected", "seen", "deterministic step (η = 0) for every η", "Smallest counterexample: t = 1, η = 0.5", "Re-read ex. 1 (d)");
        // Output-equal to ᾱ_{−1} = ᾱ₀ at η = 0, but what the hand-in did is named: it skipped the step.
        yield return Failure(Ddim, new FormulaDdimStep(DdimBug.SkipsLastStep), "AStepSkippedAtTZeroIsNamedBeforeTheVariantItEquals",
            "differs from the reference at t = 0", "At t = 0 your step never evaluated the network or returned x_t unchanged: the last DDIM step", "Smallest counterexample");
        yield return Failure(DtuSample, new FormulaDtuSampler(SampleBug.BetaTilde), "PosteriorVarianceIsNamed",
            "expected", "seen", "σ_t² = β̃_t: the DTU sheet fixes σ_t² = β_t", "Smallest counterexample: sample", "starts from x_T", "Re-read sheet 004, ex. 3.4");
        yield return Failure(Interpolation, new FormulaInterpolation(InterpolationBug.Slerp), "SlerpFailsWithItsDistanceFromTheLine",
            "leave the straight segment from (-1, 2) to (-1, -2)", "away from the line (tolerance", "slerp", "Smallest counterexample: point", "Re-read ex. 1 (b) and (e)");
        yield return Failure(NegativeElbo, new FormulaNegativeElbo(ElboBug.AlphaBarPrevious), "AlphaBarOffByOneFailsNamingTheIndex",
            "expected", "seen", "ᾱ_{t−1} in place of ᾱ_t", "Smallest counterexample: batch 0, sample 9, t = 0", "Re-read sheet 004, ex. 3.4");
        yield return Failure(ReverseStep, new FormulaReverseStep(StepBug.SigmaSquaredBeta), "TheBetaSwapFailsAtSmallTAndIsNamed",
            "differs from the reference at t = 1", "expected", "seen", "σ_t² = β_t", "Smallest counterexample: t = 1 (T = 250), x_t = ", "Re-read ex. 1 (a)");
        yield return Failure(SameNoise, new FormulaSameNoise(SameNoiseBug.PerSampleNoise), "NoiseOfShapeNByDIsTheOrdinarySamplerAndFails",
            "noise.ForStep(249, [8, 2])", "a different noise vector for every sample", "noise.ForStep(t, [1, 2])", "Smallest counterexample: step t = 249", "Re-read ex. 1 (c)");
        yield return Failure(SameNoise, new FormulaSameNoise(SameNoiseBug.SigmaSquaredBeta), "TheBetaSwapFailsAtTheFirstRowAndSaysWhichStep",
            "already after the first step (the step at code index t = 249, T = 250)", "expected", "seen", "Smallest counterexample: sample", "at t = 249", "Re-read");
        yield return Failure(SameNoise, new FormulaSameNoise(SameNoiseBug.SkipsLastStep), "ASamplerThatNeverReachesTZeroIsNamedBesideItsShape",
            "shape [250, 8, 2]", "T + 1 = 251 states", "Your sampler never evaluated the network at t = 0: the last step of the reverse process", "Re-read");
        // The last step moves x by about √β₀·|ε̂| ≈ 0.01, inside the chain's tolerance at its last row (the float32 spread
        // grown over T steps): the network's record, not the values, shows the skipped step.
        yield return Failure(SameNoise, new FormulaSameNoise(SameNoiseBug.SkipsLastStepPadded), "ASkippedLastStepPaddedToTheRightShapeIsNamedFromTheNetworksRecord",
            "within the float32 tolerance", "Your sampler never evaluated the network at t = 0", "Re-read");
        yield return Failure(SameNoise, new FormulaSameNoise(SameNoiseBug.StepsOneToT), "StepsOneToTAreNamed",
            "already after the first step", "Your sampler fed the network the steps t = 1, …, T", "raw code index");
    }

    private static TestCaseData Failure(ICheck check, object handin, string name, params string[] partsInOrder) =>
        new TestCaseData(check, handin, partsInOrder).SetArgDisplayNames(check.GetType().Name, name);

    [TestCaseSource(nameof(BrokenHandins))]
    public void AFailureReadsInOrder(ICheck check, object handin, string[] partsInOrder) =>
        DiffusionCheckHarness.Run(check, handin).ShouldFailInOrder(partsInOrder);
}
