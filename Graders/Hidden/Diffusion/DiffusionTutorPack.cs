using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Images;
using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Checks.Packs;
using Grader.Checks.Hidden.Diffusion.Schedules;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The tutor's side of <see cref="DiffusionPack"/>: the hidden checks it declares, and the reference of each diffusion
/// contract (<see cref="TutorPackDiscovery"/>).
/// </summary>
public static class DiffusionTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(DiffusionPack.Pack,
    [
        new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1b),
        new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1e),
        new InterpolationThroughReverseProcesses(InterpolationThroughReverseProcesses.Exercise1b),
        new InterpolationThroughReverseProcesses(InterpolationThroughReverseProcesses.Exercise1e),
        new ScheduleValidityProperty(ScheduleDefect.NotPositiveOrNotFinite),
        new ScheduleValidityOnUnseenSchedules(ScheduleDefect.AboveOne),
        new ScheduleValidityOnUnseenSchedules(ScheduleDefect.EqualOne),
        .. InvalidSchedulesAnswerIsCorrect.PerSchedule,
        .. InvalidSchedulesOnUnseenInputs.PerSchedule,
        new HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess.Reverse),
        new HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess.Interpolation),
        new HeidelbergImageProcessWithOracle(HeidelbergImageProcessWithOracle.ImageProcess.Ddim),
    ]);
}
