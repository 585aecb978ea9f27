using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The parts of <see cref="InnTrainingQuality"/> that need no training, on inputs whose answers are worked out by hand:
/// the non-finite share, the median round-trip error, the total variation's outside bin, and the decision under the
/// calibrated bounds (<see cref="InnTrainingQualityBudget.Calibrated"/>) with the feedback each failing score gives.
/// The check on trained flows (the Correct example, the reference, the training mutants) is graded by
/// <c>ExampleHandinsTests</c>; its calibration is <see cref="InnTrainingQualityCalibrationTests"/>.
/// </summary>
public class InnTrainingQualityTests
{
    private static readonly InnTrainingQuality Check = new(InnTrainingQualityBudget.Calibrated);

    /// <summary>
    /// Scores of a well-trained flow: every one inside its clearly-good bound (the Correct example's seed-1 run at 1,000
    /// steps).
    /// </summary>
    internal static readonly InnTrainingQuality.InnScores Good = new(2.606, 0.121, 0.038, 0.060, 0.033, 4.01, 0, 4e-7, TimeSpan.Zero);

    /// <summary><see cref="Good"/> with held-out NLL <paramref name="nll"/>.</summary>
    internal static InnTrainingQuality.InnScores WithNll(double nll) => Good with { Nll = nll };

    [Test]
    public void The_non_finite_share_counts_events_with_any_non_finite_value()
    {
        // 5 events × 8 columns; event 1 has a NaN, event 3 a +∞ and a −∞: 2 of 5.
        var values = Enumerable.Range(0, 40).Select(i => (float)i).ToArray();
        values[1 * 8 + 2] = float.NaN;
        values[3 * 8 + 0] = float.PositiveInfinity;
        values[3 * 8 + 7] = float.NegativeInfinity;
        InnTrainingQuality.NonFiniteShare(tensor(values, 5, 8)).Should().Be(0.4);
        InnTrainingQuality.NonFiniteShare(zeros(3, 8)).Should().Be(0);
    }

    [Test]
    public void The_round_trip_error_is_the_median_of_each_samples_largest_coordinate_error()
    {
        // Per-row largest |back − z|: 0.5, 0, 2, NaN (→ +∞); sorted 0, 0.5, 2, ∞; median of 4 = (0.5 + 2) / 2 = 1.25.
        var z = tensor(new float[] { 0, 0, 1, 1, 2, 2, 3, 3 }, 4, 2);
        var back = tensor(new float[] { 0.5f, -0.25f, 1, 1, 0, 2, float.NaN, 3 }, 4, 2);
        InnTrainingQuality.MedianRoundTripError(z, back).Should().Be(1.25);
        InnTrainingQuality.MedianRoundTripError(z, z).Should().Be(0);
    }

    [Test]
    public void Non_finite_values_fall_in_the_outside_bin_of_the_total_variation()
    {
        // Two bins on [0, 2]: a = {0.5, NaN} → (½, 0 | outside ½); b = {0.5, 1.5} → (½, ½ | 0); TV = ½(0 + ½ + ½) = ½.
        InnTrainingQuality.TotalVariation([0.5, double.NaN], [0.5, 1.5], 0, 2, 2).Should().Be(0.5);
        InnTrainingQuality.TotalVariation([0.5, double.PositiveInfinity], [0.5, 3], 0, 2, 2).Should().Be(0);
    }

    [Test]
    public void A_well_trained_flow_passes_on_its_first_run()
    {
        var result = Check.Verdict(Good);
        result.Passed.Should().BeTrue(result.Message);
    }

    [Test]
    public void A_flow_that_did_not_learn_the_density_fails_and_is_told_so()
    {
        var bounds = InnTrainingQualityBudget.Calibrated.Bounds;
        var far = WithNll(bounds[0].Fail + 1);
        var result = Check.Verdict(far);
        result.Passed.Should().BeFalse();
        result.Message.Should().Contain("too unlikely under your flow").And.Contain("held-out NLL");
    }

    [Test]
    public void An_undecided_first_run_is_decided_by_the_fresh_runs_mean()
    {
        var nll = InnTrainingQualityBudget.Calibrated.Bounds[0];
        nll.Pass.Should().BeLessThan(nll.Fail, "the NLL has an indifference zone");
        var middle = WithNll((nll.Pass + nll.Fail) / 2);
        var act = () => Check.Verdict(middle);
        act.Should().Throw<InvalidOperationException>("an undecided first run needs fresh runs");

        Check.Verdict([middle, Good, Good, Good]).Passed.Should().BeTrue();
        var under = WithNll(nll.Fresh + 0.1);
        var failed = Check.Verdict([middle, under, under, WithNll(nll.Fresh + 0.05)]);
        failed.Passed.Should().BeFalse();
        failed.Message.Should().Contain("trained 3 more times").And.Contain("did not learn their density");
    }

    [Test]
    public void A_flow_whose_forward_does_not_undo_its_inverse_fails_on_the_round_trip()
    {
        var result = Check.Verdict(Good with { RoundTrip = 2.0 });
        result.Passed.Should().BeFalse();
        result.Message.Should().Contain("Forward does not undo its Inverse");
    }

    [Test]
    public void Non_finite_generated_events_fail_only_above_their_bound()
    {
        double max = InnTrainingQualityBudget.Calibrated.MaxNonFinite;
        max.Should().BeGreaterThan(0).And.BeLessThan(0.01);
        Check.Verdict(Good with { NonFinite = max }).Passed.Should().BeTrue();
        var result = Check.Verdict(Good with { NonFinite = 2 * max });
        result.Passed.Should().BeFalse();
        result.Message.Should().Contain("not finite");
    }

    [Test]
    public void A_nan_score_fails()
    {
        Check.Verdict(WithNll(double.NaN)).Passed.Should().BeFalse();
        Check.Verdict(Good with { TvEta2 = double.NaN }).Passed.Should().BeFalse();
    }

    [Test]
    public void A_likelihood_above_what_a_trained_inn_reaches_fails()
    {
        var result = Check.Verdict(WithNll(InnTrainingQualityBudget.Calibrated.MinNll - 0.5));
        result.Passed.Should().BeFalse();
        result.Message.Should().Contain("overstates the density");
    }
    /// <summary>
    /// The NLL's band against the recorded first runs (docs/measurements/2026-11-24-main-command.md): the Correct
    /// example's worst calibration seed (3.666) and its run at the tests' seed 20240917 (3.72) are clearly good, so a
    /// run seed like them does not train every hand-in four times; the best seed of the mutant the NLL alone decides
    /// (inn-training-too-few-steps, 3.977) is not, and the mutant's mean (4.052) fails the fresh-run bound.
    /// </summary>
    [TestCase(3.666, IndifferenceZone.Zone.Pass)]
    [TestCase(3.72, IndifferenceZone.Zone.Pass)]
    [TestCase(3.977, IndifferenceZone.Zone.Undecided)]
    public void The_nll_band_decides_the_recorded_first_runs(double nll, IndifferenceZone.Zone zone)
    {
        var bounds = InnTrainingQualityBudget.Calibrated.Bounds;
        IndifferenceZone.Of(bounds, InnTrainingQuality.Settings.Values(WithNll(nll))).Should().Be(zone);
        bounds[0].FreshPasses(4.052).Should().BeFalse("the too-few-steps mutant's mean NLL fails its fresh runs");
    }
}
