using Grader.Checks.Diffusion;
using Grader.Checks.Properties.Generators;

namespace Grader.Checks.Catalog;

/// <summary>
/// Which checks grade which diffusion task, with their weights and visibility. A task's auto points are split over its
/// checks by weight. Visible checks run in the student's self-check; hidden ones only in the tutor's grading and CI.
/// Every hidden check is a <see cref="DeferredCheck"/> here (its id, sheet reference, weight and visibility), bound by
/// Grader.Checks.Hidden, so no hidden check's code is in Grader.Checks, the assembly students receive.
/// Every check belongs to exactly one task, so a bug costs points only where it belongs.
/// </summary>
public sealed partial class CourseCatalog
{
    /// <summary>
    /// Ids of the hidden checks: every hidden check is declared here only by its id (a <see cref="DeferredCheck"/> with
    /// its sheet reference), and its implementation lives in the tutor-side Grader.Checks.Hidden, which binds it by id.
    /// So the code of a hidden check never ships with Grader.Checks to students.
    /// </summary>
    public static class HiddenCheckIds
    {
        /// <summary>Sheet 000/001, ex. 1 (a): training on the V data set under a step budget.</summary>
        public const string HeidelbergVTrainingQuality = "diffusion.heidelberg.v-training-quality";

        /// <summary>Sheet 004, ex. 3.4: training on the DTU toy data sets under a step budget.</summary>
        public const string DtuToyDataTrainingQuality = "diffusion.dtu.toy-data-training-quality";

        /// <summary>Sheet 000/001, ex. 1 (a): the reverse step's output law is N(μ̃_t, β̃_t I).</summary>
        public const string ReverseStepHasPosteriorVariance = "diffusion.heidelberg.reverse-step-has-posterior-variance";

        /// <summary>Sheet 000/001, ex. 1 (b): the decoded interpolation trajectory is smooth.</summary>
        public const string InterpolationTrajectoryIsSmooth1b = "diffusion.heidelberg.interpolation-trajectory-is-smooth.1b";

        /// <summary>Sheet 000/001, ex. 1 (e): the second interpolation's trajectory is smooth.</summary>
        public const string InterpolationTrajectoryIsSmooth1e = "diffusion.heidelberg.interpolation-trajectory-is-smooth.1e";

        /// <summary>Sheet 000/001, ex. 1 (c): one noise vector per step, shared by all samples.</summary>
        public const string SameNoiseIsShared = "diffusion.heidelberg.same-noise-is-shared";

        /// <summary>Sheet 000/001, ex. 1 (d): DDIM with η = 0 does not depend on z.</summary>
        public const string DdimEtaZeroIsDeterministic = "diffusion.heidelberg.ddim-eta-zero-is-deterministic";

        /// <summary>Sheet 002, problem 4 (d): schedule validity on schedules with β ≤ 0 or not finite.</summary>
        public const string ScheduleValidityBetaNotPositive = "diffusion.tum.schedule-validity-agrees-with-reference.beta-not-positive";

        /// <summary>Sheet 004, ex. 3.4: the DTU sampler's output law under an oracle ε-network.</summary>
        public const string DtuSamplerFollowsOracleLaw = "diffusion.dtu.sampler-follows-oracle-law";
    }

    private static IReadOnlyList<CheckSpec>? DiffusionChecks(string taskId) => taskId switch
    {
        // Heidelberg 1 (a): the reverse step exactly, its variance statistically, and training on V under a budget.
        "000/1a/train-and-sample" or "001/1a/train-and-sample" =>
        [
            Visible(new ReverseStepMatchesReference(), 2),
            Deferred(HiddenCheckIds.ReverseStepHasPosteriorVariance, "sheet 000, ex. 1 (a): the reverse step with the posterior mean μ̃_t and variance β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Ho et al. eqs. 6–7)", 1),
            Deferred(HiddenCheckIds.HeidelbergVTrainingQuality, "sheet 000/001, ex. 1 (a): train the ε-network on the V data set", 1),
        ],
        "000/1b/interpolation" or "001/1b/interpolation" =>
        [
            Visible(new InterpolationIsLinearInLatentSpace(), 2),
            Deferred(HiddenCheckIds.InterpolationTrajectoryIsSmooth1b, "sheet 000, ex. 1 (b): a linear interpolation of latents, both end points included", 1),
        ],
        "000/1c/same-noise" or "001/1c/same-noise" =>
        [
            Visible(new SameNoiseTrajectoryMatchesReference(), 2),
            Deferred(HiddenCheckIds.SameNoiseIsShared, "sheet 000, ex. 1 (c): the reverse process of 1 (a) with one noise vector per step shared by all samples", 1),
        ],
        "000/1d/ddim" or "001/1d/ddim" =>
        [
            Visible(new DdimStepMatchesReference(), 2),
            Deferred(HiddenCheckIds.DdimEtaZeroIsDeterministic, "sheet 000, ex. 1 (d): DDIM (Song et al. 2021) eq. 12 with σ_t(η) from eq. 16; η = 0 is deterministic", 1),
        ],
        "000/1e/second-interpolation" or "001/1e/second-interpolation" =>
        [
            Deferred(HiddenCheckIds.InterpolationTrajectoryIsSmooth1e, "sheet 000, ex. 1 (e): a linear interpolation of latents, both end points included", 1),
        ],
        "002/p4b/beta-above-one" => [Visible(new ScheduleValidityAgreesWithReference(ScheduleDefect.AboveOne))],
        "002/p4c/beta-equal-one" => [Visible(new ScheduleValidityAgreesWithReference(ScheduleDefect.EqualOne))],
        "002/p4d/invalid-schedules" =>
        [
            Visible(new InvalidSchedulesAnswerIsCorrect(), 2),
            Deferred(HiddenCheckIds.ScheduleValidityBetaNotPositive, "sheet 002, problem 4 (b)–(d) (and sheet 004, ex. 3.1): a schedule is valid exactly when 0 < β_n < 1 for every n", 1),
        ],
        "004/3.4/negative-elbo" => [Visible(new NegativeElboMatchesReference())],
        "004/3.4/sample" =>
        [
            Visible(new DtuSampleMatchesReference(), 2),
            Deferred(HiddenCheckIds.DtuSamplerFollowsOracleLaw, "sheet 004, ex. 3.4, DDPM.sample: Ho et al. (2020) Algorithm 2 with σ_t² = β_t", 1),
        ],
        "004/3.4/toy-data" => [Deferred(HiddenCheckIds.DtuToyDataTrainingQuality, "sheet 004, ex. 3.4: test the DDPM on TwoGaussians and Chequerboard")],
        _ => null,
    };

    /// <summary>A hidden check declared by id: a <see cref="DeferredCheck"/> that Grader.Checks.Hidden binds.</summary>
    private static CheckSpec Deferred(string id, string sheetRef, double weight = 1) => Hidden(new DeferredCheck(id, sheetRef), weight);

    private static TaskSpec WithDiffusionChecks(TaskSpec task) =>
        DiffusionChecks(task.Id) is { } checks ? task with { Checks = checks } : task;
}
