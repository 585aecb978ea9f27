using Grader.Checks.Hidden.Diffusion.Images;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// DTU 3.5's training check without training: its images and its decision from given losses. The trainings
/// themselves (the Correct example, the mutants, the cheat) are graded by <c>ExampleHandinsTests</c> and
/// <c>CheatHandinsTests</c>; the power table is the benchmark <c>image-training-power</c>.
/// </summary>
public sealed class DtuImageTrainingQualityTests
{
    private static readonly DtuImageTrainingQuality Check = new();

    /// <summary>A run's scores: by default a smaller budget's loss 0.25 above the full budget's and a correct training's profile (the calibration's means).</summary>
    private static DtuImageTrainingQuality.Scores Run(double loss, double coarse = 0.21, double? fraction = null, double[]? profile = null) =>
        new(loss, coarse, torch.zeros([2, 14, 14]), torch.ones([2, 14, 14]), TimeSpan.Zero, TimeSpan.Zero, fraction ?? loss + 0.25, profile ?? CorrectProfile);

    private static readonly double[] CorrectProfile = [0.47, 0.105, 0.105, 0.105];

    [Test]
    public void The_training_images_are_in_the_unit_interval_and_the_held_out_ones_in_the_sheets_range()
    {
        var (train, heldOut, rows, columns, _) = Check.Images(new Generator(7));
        (rows, columns).Should().Be((14, 14));
        train.shape.Should().Equal(Check.Design.TrainingImages, 14, 14);
        heldOut.shape.Should().Equal(Check.Design.HeldOut, 196);
        var t = train.ToArray();
        t.Min().Should().BeGreaterThanOrEqualTo(0f);
        t.Max().Should().BeLessThanOrEqualTo(1f);
        t.Select(v => v * 255f).Should().OnlyContain(v => Math.Abs(v - MathF.Round(v)) < 1e-3f, "ToTensor gives k/255");
        var h = heldOut.ToArray();
        h.Min().Should().BeGreaterThanOrEqualTo(-1f);
        h.Max().Should().BeLessThan(1f + 2f / 255f + 1e-6f);
        h.Min().Should().BeLessThan(-0.9f, "the background is −1 after the sheet's transform");
    }

    [Test]
    public void A_loss_within_the_clearly_good_bound_passes_and_one_beyond_the_clearly_bad_bound_fails()
    {
        Check.Verdict([Run(0.20)]).Outcome.Should().Be(CheckOutcome.Passed);
        var failed = Check.Verdict([Run(0.27)]);
        failed.Outcome.Should().Be(CheckOutcome.Failed);
        failed.Message.Should().Contain("0.27").And.NotContain("14×14").And.NotContain("1000 training steps");
        var grid = failed.Images.Should().ContainSingle().Subject;
        grid.Rows.Select(r => (r.Label, r.Images.Count)).Should().Equal(("from your network", 2), ("held-out images", 2));
        grid.IsDrawable().Should().BeTrue();
        grid.Title.Should().NotContain("14").And.NotContain("100", "the grid is shown to the student: no figure of the hidden set-up");
    }

    [Test]
    public void A_loss_beyond_the_bounds_with_the_coarse_schedule_alone_fails_and_says_the_noise_level_of_step_t_is_not_alpha_bars()
    {
        var failed = Check.Verdict([Run(0.20, coarse: 0.28)]);
        failed.Outcome.Should().Be(CheckOutcome.Failed);
        failed.Message.Should().Contain("0.28").And.Contain("another noise level than ᾱ_t").And.NotContain("T = 5");
        Check.Verdict([Run(0.27, coarse: 0.28)]).Message.Should().NotContain("another noise level", "with both losses too high the cause is not the noise level alone");
    }

    [Test]
    public void An_undecided_first_run_is_decided_by_the_mean_of_the_fresh_runs()
    {
        Check.Verdict([Run(0.24), Run(0.20), Run(0.21), Run(0.22)]).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict([Run(0.24), Run(0.24), Run(0.24), Run(0.23)]).Outcome.Should().Be(CheckOutcome.Failed);
    }
    [Test]
    public void A_network_no_better_after_the_full_budget_than_after_a_smaller_one_fails_and_says_the_budget_did_not_count()
    {
        var failed = Check.Verdict([Run(0.20, fraction: 0.20)]);
        failed.Outcome.Should().Be(CheckOutcome.Failed);
        failed.Message.Should().Contain("did not improve with the budget").And.NotContain("1000").And.NotContain("0.15");
        Check.Verdict([Run(0.20, fraction: 0.20 + Check.Design.MinImprovement + 0.01)]).Outcome.Should().Be(CheckOutcome.Passed);
    }

    [Test]
    public void A_smaller_budgets_loss_beyond_a_correct_trainings_fails() =>
        Check.Verdict([Run(0.20, fraction: Check.Design.MaxFractionLoss + 0.05)]).Outcome.Should().Be(CheckOutcome.Failed);

    [Test]
    public void A_loss_beyond_its_bound_in_one_noise_band_fails_and_names_the_band()
    {
        var failed = Check.Verdict([Run(0.20, profile: [0.47, 0.105, 0.105, 0.2])]);
        failed.Outcome.Should().Be(CheckOutcome.Failed);
        failed.Message.Should().Contain("noise band 4 of 4").And.Contain("does yours see all of them");
    }

    [Test]
    public void The_smaller_budget_is_drawn_over_the_whole_fraction_range()
    {
        var s = Check.Design;
        var drawn = Enumerable.Range(0, 2000).Select(i => s.FractionSteps(new Generator((ulong)i + 1))).ToList();
        drawn.Min().Should().BeGreaterThanOrEqualTo((int)Math.Round(s.FractionLow * s.Steps));
        drawn.Max().Should().BeLessThanOrEqualTo((int)Math.Round(s.FractionHigh * s.Steps));
        drawn.Min().Should().BeLessThan((int)Math.Round(s.FractionLow * s.Steps) + 5);
        drawn.Max().Should().BeGreaterThan((int)Math.Round(s.FractionHigh * s.Steps) - 5);
        drawn.Distinct().Count().Should().BeGreaterThan(100, "the smaller budget is no fixed number a hand-in could recognise");
    }
}
