using Grader.Checks.Hidden.Flows;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The always-on twin of <c>Cheats/inn-training-closed-form-of-the-printed-law</c> (issue 79 item 6), whose
/// <c>CheatHandinsTests</c> case is [Explicit] (its <c>cheat.json</c>'s <c>explicit</c>: the whole INN check on a flow
/// whose every row is a kernel density's map over 384 events, ≈ 4 min wall under load). One grading seed, one training
/// run at a twentieth of the check's sizes or less (≈ 10 s of the test process's CPU, measured at load ≈ 60): the
/// cheat's samples miss the pair rapidity of the law drawn for the run, beyond the check's clearly-bad bound on
/// TV y(μμ) (0.30 against 0.20), while on the printed law (the same run with <c>DrawnLaw = false</c>) the same cheat is
/// within the clearly-good bound (0.06 against 0.12): it loses for the reason the whole check fails it (its closed form
/// is of the printed law), not for the small run's noise.
/// </summary>
public sealed class InnClosedFormCheatTwinTests
{
    private const string Cheat = "Cheats/inn-training-closed-form-of-the-printed-law";

    /// <summary>A seed whose whole-check first run was clearly bad on TV y(μμ) (0.316; docs/measurements/2026-11-29-inn-legit-and-drawn-law.md).</summary>
    private const ulong Seed = 12;

    /// <summary>The calibrated check at a twentieth of its sizes or less: 40 steps, 2,500 training events, 5,000 held-out and generated, 100 for the Jacobian.</summary>
    private static readonly InnTrainingQuality.Settings Small = InnTrainingQualityBudget.Calibrated with
    {
        Steps = 40,
        TrainingEvents = 2_500,
        HeldOut = 5_000,
        Generated = 5_000,
        JacobianEvents = 100,
    };

    [Test]
    public void The_closed_form_of_the_printed_law_misses_the_drawn_pair_rapidity_and_matches_the_printed_one()
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var parts = InnTrainingQualityCalibrationTests.Example(Cheat);
        var bound = InnTrainingQualityBudget.Calibrated.TvPairRapidity!;

        var drawn = new InnTrainingQuality(Small);
        var (failure, onDrawn, _) = drawn.Measure(Context(parts, drawn.Id, Seed));
        failure.Should().BeNull(failure?.Message);
        var printed = new InnTrainingQuality(Small with { DrawnLaw = false });
        var (failureOnPrinted, onPrinted, _) = printed.Measure(Context(parts, printed.Id, Seed));
        failureOnPrinted.Should().BeNull(failureOnPrinted?.Message);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TV y(μμ): drawn law {onDrawn!.TvPairRapidity:F3}, printed law {onPrinted!.TvPairRapidity:F3}; bounds {bound.Pass} / {bound.Fresh} / {bound.Fail}; process CPU {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s"));

        bound.Fails(onDrawn.TvPairRapidity).Should().BeTrue("the cheat's closed form is of the printed law, not of the law drawn for the run");
        bound.Passes(onPrinted.TvPairRapidity).Should().BeTrue("on the printed law the same closed form is right: the drawn law, not the small run, catches it");
    }
}
