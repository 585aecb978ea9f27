using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Statistical;
using Grader.Checks.Properties.Generators;

namespace Grader.Checks.Catalog;

/// <summary>
/// Which checks grade which diffusion task, with their weights and visibility. A task's auto points are split over its
/// checks by weight. Visible checks run in the student's self-check; hidden ones only in the tutor's grading and CI.
/// Checks that need the reference solution are <see cref="DeferredCheck"/>s here, bound by Grader.Checks.Hidden.
/// Every check belongs to exactly one task, so a bug costs points only where it belongs.
/// </summary>
public sealed partial class CourseCatalog
{
    /// <summary>Ids of the checks implemented in Grader.Checks.Hidden.</summary>
    public static class HiddenCheckIds
    {
        public const string HeidelbergVTrainingQuality = "diffusion.heidelberg.v-training-quality";
        public const string DtuToyDataTrainingQuality = "diffusion.dtu.toy-data-training-quality";
    }

    private static IReadOnlyList<CheckSpec>? DiffusionChecks(string taskId) => taskId switch
    {
        // Heidelberg 1 (a): the reverse step exactly, its variance statistically, and training on V under a budget.
        "000/1a/train-and-sample" or "001/1a/train-and-sample" =>
        [
            Visible(new ReverseStepMatchesReference(), 2),
            Hidden(new ReverseStepHasPosteriorVariance(), 1),
            Hidden(new DeferredCheck(HiddenCheckIds.HeidelbergVTrainingQuality, "sheet 000/001, ex. 1 (a): train the ε-network on the V data set"), 1),
        ],
        "000/1b/interpolation" or "001/1b/interpolation" =>
        [
            Visible(new InterpolationIsLinearInLatentSpace(), 2),
            Hidden(new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1b), 1),
        ],
        "000/1c/same-noise" or "001/1c/same-noise" =>
        [
            Visible(new SameNoiseTrajectoryMatchesReference(), 2),
            Hidden(new SameNoiseIsShared(), 1),
        ],
        "000/1d/ddim" or "001/1d/ddim" =>
        [
            Visible(new DdimStepMatchesReference(), 2),
            Hidden(new DdimEtaZeroIsDeterministic(), 1),
        ],
        "000/1e/second-interpolation" or "001/1e/second-interpolation" =>
        [
            Hidden(new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1e), 1),
        ],
        "002/p4b/beta-above-one" => [Visible(new ScheduleValidityAgreesWithReference(ScheduleDefect.AboveOne))],
        "002/p4c/beta-equal-one" => [Visible(new ScheduleValidityAgreesWithReference(ScheduleDefect.EqualOne))],
        "002/p4d/invalid-schedules" =>
        [
            Visible(new InvalidSchedulesAnswerIsCorrect(), 2),
            Hidden(new ScheduleValidityAgreesWithReference(ScheduleDefect.NotPositiveOrNotFinite), 1),
        ],
        "004/3.4/negative-elbo" => [Visible(new NegativeElboMatchesReference())],
        "004/3.4/sample" =>
        [
            Visible(new DtuSampleMatchesReference(), 2),
            Hidden(new DtuSamplerFollowsOracleLaw(), 1),
        ],
        "004/3.4/toy-data" => [Hidden(new DeferredCheck(HiddenCheckIds.DtuToyDataTrainingQuality, "sheet 004, ex. 3.4: test the DDPM on TwoGaussians and Chequerboard"))],
        _ => null,
    };

    private static TaskSpec WithDiffusionChecks(TaskSpec task) =>
        DiffusionChecks(task.Id) is { } checks ? task with { Checks = checks } : task;
}
