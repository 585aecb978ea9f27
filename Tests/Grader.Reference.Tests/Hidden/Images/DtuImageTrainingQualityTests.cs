using Grader.Checks.Hidden.Diffusion.Images;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// DTU 3.5's training check without training: its images and its decision from given losses. The trainings on the
/// grader's loop (the Correct example, the mutants) are graded by <c>ExampleHandinsTests</c>, the reference's by
/// <c>ExampleHandinsTests.The_reference_wrapped_as_a_hand_in_passes_every_check</c>; the power table is the benchmark
/// <c>image-training-power</c>.
/// </summary>
public sealed class DtuImageTrainingQualityTests
{
    private static readonly DtuImageTrainingQuality Check = new();

    /// <summary>A typical reference's losses on a run's draw (seeds 1 … 20: docs/measurements/2026-11-29-images-legit.md); the decision reads each run's own.</summary>
    public static readonly IReadOnlyList<double> TypicalReference = [0.199, 0.213];

    private static DtuImageTrainingQuality.Scores Run(double loss, double coarse = 0.21, IReadOnlyList<double>? reference = null) =>
        new(loss, coarse, torch.zeros([2, 14, 14]), torch.ones([2, 14, 14]), TimeSpan.Zero, TimeSpan.Zero) { MaxValueDeviation = 1e-7, Reference = reference ?? TypicalReference };

    [Test]
    public void The_grader_applies_the_sheets_transform_to_the_training_and_the_held_out_images()
    {
        var (train, heldOut, rows, columns, _) = Check.Images(new Generator(7));
        (rows, columns).Should().Be((14, 14));
        train.shape.Should().Equal(Check.Design.TrainingImages, 196);
        heldOut.shape.Should().Equal(Check.Design.HeldOut, 196);
        foreach (var images in new[] { train, heldOut })
        {
            var v = images.ToArray();
            v.Min().Should().BeGreaterThanOrEqualTo(-1f);
            v.Max().Should().BeLessThan(1f + 2f / 255f + 1e-6f);
            v.Min().Should().BeLessThan(-0.9f, "the background is −1 after the sheet's transform");
            // Dequantised: (x/2 + 1/2)·255 = k + u with u ~ U(0, 1), so its fractional parts spread over (0, 1), not all 0.
            var fractions = v.Select(x => (x / 2 + 0.5) * 255).Select(y => y - Math.Floor(y)).ToList();
            fractions.Average().Should().BeInRange(0.45, 0.55, "k/255 + U(0, 1)/255: the fractional part is uniform");
        }
    }

    [Test]
    public void A_loss_within_the_clearly_good_bound_passes_and_one_beyond_the_clearly_bad_bound_fails()
    {
        Check.Verdict([Run(0.20)]).Outcome.Should().Be(CheckOutcome.Passed);
        var failed = Check.Verdict([Run(0.27)]);
        failed.Outcome.Should().Be(CheckOutcome.Failed);
        failed.Message.Should().Contain("0.27").And.Contain("IMnistDdpm.Settings").And.NotContain("14×14").And.NotContain("1000");
        var grid = failed.Images.Should().ContainSingle().Subject;
        grid.Rows.Select(r => (r.Label, r.Images.Count)).Should().Equal(("from your network", 2), ("held-out images", 2));
        grid.IsDrawable().Should().BeTrue();
        grid.Title.Should().NotContain("14").And.NotContain("100", "the grid is shown to the student: no figure of the hidden set-up");
    }

    [Test]
    public void A_loss_beyond_the_bounds_with_the_coarse_schedule_alone_fails_without_naming_the_schedule()
    {
        var failed = Check.Verdict([Run(0.20, coarse: 0.28)]);
        failed.Outcome.Should().Be(CheckOutcome.Failed);
        failed.Message.Should().Contain("0.28").And.NotContain("T = 5");
    }

    [Test]
    public void An_undecided_first_run_is_decided_by_the_mean_of_the_fresh_runs()
    {
        Check.Verdict([Run(0.24), Run(0.20), Run(0.21), Run(0.22)]).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict([Run(0.24), Run(0.24), Run(0.24), Run(0.23)]).Outcome.Should().Be(CheckOutcome.Failed);
    }

    [Test]
    public void The_bounds_follow_the_references_losses_on_the_runs_draw_up_to_the_absolute_limits()
    {
        Check.Verdict([Run(0.22, 0.23, reference: [0.20, 0.215])]).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict([Run(0.22, 0.23, reference: [0.16, 0.215])]).Outcome.Should().Be(CheckOutcome.Failed, "0.22 is beyond a reference of 0.16 plus the clearly-bad margin");
        var limits = Check.Design.Bounds([0.24, 0.25]);
        limits.Select(b => b.Fail).Should().Equal(0.25, 0.255);
        limits.Select(b => b.Pass).Should().OnlyContain(p => p <= 0.255, "a poor reference never lifts a bound past its absolute limit");
    }

    [Test]
    public void The_run_draws_its_transform_from_its_seed_and_the_reference_trains_on_the_same_images()
    {
        var transforms = Enumerable.Range(1, 200).Select(seed => DtuImageTrainingQuality.Transform(new CheckContext(_ => null, (ulong)seed, snapshotRoot: ""))).ToList();
        transforms.Distinct().Should().HaveCount(200, "a signed permutation of the pixels per seed (196!·2¹⁹⁶ of them)");
        DtuImageTrainingQuality.Transform(new CheckContext(_ => null, 5, snapshotRoot: "")).Should().Be(DtuImageTrainingQuality.Transform(new CheckContext(_ => null, 5, snapshotRoot: "")));
        var transform = new DrawnImageTransform(7, true);
        var (plain, _, _, _, _) = Check.Images(new Generator(7));
        var (turned, _, rows, columns, _) = Check.Images(new Generator(7), transform);
        turned.ToArray().Should().NotEqual(plain.ToArray());
        transform.Undo(turned, rows, columns).ToArray().Should().Equal(plain.ToArray(), "the same images, dequantised alike, only transformed");
    }

    [Test]
    public void A_fresh_run_is_judged_against_the_reference_on_its_own_draw()
    {
        IReadOnlyList<double> harder = [0.22, 0.234];
        Check.Verdict([Run(0.235), Run(0.24, 0.23, harder), Run(0.24, 0.23, harder), Run(0.24, 0.23, harder)]).Outcome
            .Should().Be(CheckOutcome.Passed, "0.02 above the reference on their own draws is within the fresh margin");
        Check.Verdict([Run(0.235), Run(0.24, 0.23), Run(0.24, 0.23), Run(0.24, 0.23)]).Outcome
            .Should().Be(CheckOutcome.Failed, "0.041 above the reference on their own draws is beyond it");
        DtuImageTrainingQuality.OnTheFirstDraw([Run(0.235), Run(0.24, 0.23, harder)])[1].Should().Equal([0.24 - 0.22 + 0.199, 0.23 - 0.234 + 0.213]);
    }

    /// <summary>The sequential budget: a first run (and fresh runs) that fail on their losses are judged again by the longer training's losses, against the same reference's plus the fresh-run margin.</summary>
    [Test]
    public void A_network_that_fails_the_budget_passes_when_its_longer_training_is_within_the_fresh_bounds()
    {
        var longerGood = Run(0.22, 0.23) with { Longer = true };
        var passed = Check.Verdict([Run(0.36, 0.37), longerGood]);
        passed.Outcome.Should().Be(CheckOutcome.Passed, "0.22 and 0.23 are within the reference's 0.199 and 0.213 plus 0.03");
        passed.Message.Should().Contain("0.36").And.Contain("0.22").And.Contain("more steps").And.NotContain("1000");
        passed.Images.Should().ContainSingle("the first run's pictures stay");
        var failed = Check.Verdict([Run(0.36, 0.37), Run(0.24, 0.23) with { Longer = true }]);
        failed.Outcome.Should().Be(CheckOutcome.Failed, "0.24 is beyond 0.199 + 0.03");
        failed.Message.Should().Contain("0.24").And.Contain("more steps either");
        Check.Verdict([Run(0.20), longerGood with { CoarseLoss = 0.30 }]).Outcome.Should().Be(CheckOutcome.Passed, "a first run that passes is not judged again");
        Check.Verdict([Run(0.36, 0.37)]).Outcome.Should().Be(CheckOutcome.Failed, "without a longer training the first run's failure stands");
    }
}
