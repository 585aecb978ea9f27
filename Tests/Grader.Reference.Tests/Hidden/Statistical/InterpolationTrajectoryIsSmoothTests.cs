using Grader.Checks.Hidden.Diffusion.Statistical;

namespace Grader.Reference.Tests.Hidden.Statistical;

public sealed class InterpolationTrajectoryIsSmoothTests
{
    private static readonly InterpolationTrajectoryIsSmooth Check1b = new(InterpolationTrajectoryIsSmooth.Exercise1b);
    private static readonly InterpolationTrajectoryIsSmooth Check1e = new(InterpolationTrajectoryIsSmooth.Exercise1e);

    [TestCase(InterpolationBug.None)]
    [TestCase(InterpolationBug.Accumulated)]
    public void A_linear_interpolation_passes_both_parts(InterpolationBug variant)
    {
        foreach (var check in new[] { Check1b, Check1e })
        {
            var result = FormulaHandins.Passes(check, new FormulaInterpolation(variant), 1);
            result.Message.Should().StartWith("Your latents run in order and evenly spaced along the segment");
        }

        Check1b.Id.Should().Be("diffusion.heidelberg.interpolation-trajectory-is-smooth.1b");
        Check1e.SheetRef.Should().StartWith("ex. 1 (e): a linear interpolation", "the 1 (e) instance cites part (e)'s declaration");
    }

    [Test]
    public void The_ddim_map_has_the_documented_gains()
    {
        var s = InterpolationTrajectoryIsSmooth.Exercise1b;
        var schedule = s.Schedule();
        var g0 = InterpolationTrajectoryIsSmooth.DdimMap(schedule, 0.5, 0.25).Gain;
        var g1 = InterpolationTrajectoryIsSmooth.DdimMap(schedule, -0.5, 1.0).Gain;
        TestContext.Out.WriteLine($"gains {g0:F4}, {g1:F4}");
        g0.Should().BeApproximately(0.513, 0.001);
        g1.Should().BeApproximately(0.997, 0.001);
    }

    [Test]
    public void Slerp_leaves_the_line_in_1b()
    {
        var result = FormulaHandins.Fails(Check1b, new FormulaInterpolation(InterpolationBug.Slerp), 1);
        result.Message.Should().StartWith("Latent 1, (").And.Contain("is not on the straight segment between the end points").And.Contain("slerp");
    }

    [Test]
    public void Slerp_breaks_down_between_the_antipodal_end_points_of_1e()
    {
        // ω = π, so slerp divides by sin ω ≈ 1e-16: the latents leave the segment by orders of magnitude.
        var result = FormulaHandins.Fails(Check1e, new FormulaInterpolation(InterpolationBug.Slerp), 1);
        result.Message.Should().StartWith("Latents 0 and 1 ((-2, 0), (").And.Contain("h apart along the path, not 1 h");
    }

    [TestCase(InterpolationBug.ExcludesEnd, "The last latent is (")]
    [TestCase(InterpolationBug.Reversed, "The first latent is (-1, -2), not the end point (-1, 2)")]
    [TestCase(InterpolationBug.Swapped, "Latents 9 and 10 (")]
    [TestCase(InterpolationBug.WrongCount, "returned a tensor of shape [499, 2]: 500 latents of dimension 2, one per row")]
    public void Other_interpolation_bugs_fail(InterpolationBug bug, string message)
    {
        var result = FormulaHandins.Fails(Check1b, new FormulaInterpolation(bug), 1);
        result.Message.Should().Contain(message);
    }
}
