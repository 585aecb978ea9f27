using Grader.Checks.Catalog;
using Grader.Checks.Checking;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Statistical;
using Grader.Checks.Properties.Generators;

namespace Grader.Checks.Hidden;

/// <summary>
/// The tutor-side implementations of every hidden check, and the catalog with them bound in place of the
/// <see cref="DeferredCheck"/>s that declare them (same ids, weights and visibility). Grader.Checks, which students
/// receive, holds only the ids (<see cref="CourseCatalog.HiddenCheckIds"/>).
/// </summary>
public static class HiddenChecks
{
    /// <summary>One instance of each hidden check, with its default settings; their ids are exactly <see cref="CourseCatalog.HiddenCheckIds"/>.</summary>
    public static IReadOnlyList<ICheck> All() =>
    [
        new HeidelbergVTrainingQuality(),
        new DtuToyDataTrainingQuality(),
        new ReverseStepHasPosteriorVariance(),
        new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1b),
        new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1e),
        new SameNoiseIsShared(),
        new DdimEtaZeroIsDeterministic(),
        new ScheduleValidityAgreesWithReference(ScheduleDefect.NotPositiveOrNotFinite),
        new DtuSamplerFollowsOracleLaw(),
    ];

    /// <summary>The full catalog for the tutor's grading and CI.</summary>
    public static CourseCatalog Bind(CourseCatalog catalog) => catalog.WithImplementations(All());
}
