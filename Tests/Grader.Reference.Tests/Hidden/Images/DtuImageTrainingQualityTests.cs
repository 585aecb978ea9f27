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

    private static DtuImageTrainingQuality.Scores Run(double loss, double coarse = 0.21) => new(loss, coarse, torch.zeros([2, 14, 14]), torch.ones([2, 14, 14]), TimeSpan.Zero, TimeSpan.Zero);

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
}
