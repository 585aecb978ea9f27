using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Checks.Packs;
using Grader.Checks.Hidden.Diffusion.Schedules;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The tutor's side of <see cref="DiffusionPack"/>: the hidden checks it declares, and the reference of each diffusion
/// contract. The training reference is the DTU recipe (<see cref="ReferenceTraining.Dtu"/>); the Heidelberg V check is
/// calibrated on <see cref="ReferenceTraining.Heidelberg"/>.
/// </summary>
public static class DiffusionTutorPack
{
    /// <summary>Trains on V under a step budget (sheets 000/001, ex. 1 (a)).</summary>
    public static ICheck VTrainingQuality { get; } = new HeidelbergVTrainingQuality();

    /// <summary>Trains on the DTU toy data under a step budget (sheet 004, ex. 3.4).</summary>
    public static ICheck ToyDataTrainingQuality { get; } = new DtuToyDataTrainingQuality();

    /// <summary>Trains on images under a step budget (sheet 004, ex. 3.5).</summary>
    public static ICheck ImageTrainingQuality { get; } = new DtuImageTrainingQuality();

    /// <summary>The checks that train a network (≈ 15–25 s each per hand-in for V and the toy data, a few seconds for the images): what a quick pass leaves out.</summary>
    public static IReadOnlyList<ICheck> TrainingChecks { get; } = [VTrainingQuality, ToyDataTrainingQuality, ImageTrainingQuality];

    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = new(
        DiffusionPack.Pack.Family,
        [
            VTrainingQuality,
            ToyDataTrainingQuality,
            new ReverseStepHasPosteriorVariance(),
            new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1b),
            new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1e),
            new InterpolationThroughReverseProcesses(InterpolationThroughReverseProcesses.Exercise1b),
            new InterpolationThroughReverseProcesses(InterpolationThroughReverseProcesses.Exercise1e),
            new SameNoiseIsShared(),
            new DdimEtaZeroIsDeterministic(),
            new DdimNoiseResponse(),
            new ReverseStepOnUnseenInputs(),
            new DdimStepOnUnseenInputs(),
            new SameNoiseTrajectoryOnUnseenInputs(),
            new InterpolationOnUnseenInputs(),
            new NegativeElboOnUnseenInputs(),
            new ElboDrawsFollowAlgorithmOne(),
            new DtuSampleOnUnseenInputs(),
            new ScheduleValidityProperty(ScheduleDefect.NotPositiveOrNotFinite),
            new ScheduleValidityOnUnseenSchedules(ScheduleDefect.AboveOne),
            new ScheduleValidityOnUnseenSchedules(ScheduleDefect.EqualOne),
            .. InvalidSchedulesAnswerIsCorrect.PerSchedule,
            .. InvalidSchedulesOnUnseenInputs.PerSchedule,
            new DtuSamplerFollowsOracleLaw(),
            new DtuImageSampleWithOracle(),
            new HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess.Reverse),
            new HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess.Interpolation),
            new HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess.Ddim),
            ImageTrainingQuality,
        ],
        new Dictionary<Type, Func<object>>
        {
            [typeof(IDtuDdpm)] = () => new ReferenceDtuDdpm(),
            [typeof(IMnistDdpm)] = () => new ReferenceMnistDdpm(),
            [typeof(IImageDiffusion)] = () => new ReferenceImageDiffusion(),
            [typeof(IReverseStep)] = () => new ReferenceReverseStep(),
            [typeof(IDdimStep)] = () => new ReferenceDdimStep(),
            [typeof(ISameNoiseSampler)] = () => new ReferenceSameNoiseSampler(),
            [typeof(ILatentInterpolation)] = () => new ReferenceLatentInterpolation(),
            [typeof(IBetaScheduleValidity)] = () => new ReferenceBetaScheduleValidity(),
            [typeof(IBetaScheduleAnswer)] = () => new ReferenceBetaScheduleAnswer(),
            [typeof(IInvalidBetaSchedules)] = () => new ReferenceInvalidBetaSchedules(),
            [typeof(IDiffusionTraining)] = () => ReferenceTraining.Dtu,
        })
    {
        TrainingChecks = TrainingChecks,
    };
}
