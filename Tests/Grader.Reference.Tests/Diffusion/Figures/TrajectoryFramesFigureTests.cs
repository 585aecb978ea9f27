using Grader.Reference.Diffusion.Figures;

namespace Grader.Reference.Tests.Diffusion.Figures;

public sealed class TrajectoryFramesFigureTests
{
    /// <summary>A made-up trajectory [frames, n, d]: each point moves linearly from a latent to a point near the origin.</summary>
    internal static Tensor Trajectory(int frames, int n, int d = 2, int seed = 3)
    {
        var g = new Generator(seed);
        var start = randn([n, d], g);
        var end = randn([n, d], g) * 0.1f;
        return stack(Enumerable.Range(0, frames).Select(f =>
        {
            var w = frames == 1 ? 1f : (float)f / (frames - 1);
            return start * (1 - w) + end * w;
        }).ToArray());
    }

    [Test]
    public void Default_frames_are_first_half_four_fifths_and_last()
    {
        TrajectoryFramesFigure.DefaultFrames(251).Should().Equal(0, 125, 200, 250);
        TrajectoryFramesFigure.DefaultFrames(11).Should().Equal(0, 5, 8, 10);
        TrajectoryFramesFigure.DefaultFrames(2).Should().Equal(0, 1);
        TrajectoryFramesFigure.DefaultFrames(1).Should().Equal(0);
    }

    [Test]
    public void Four_panels_of_all_points_over_the_thinned_data()
    {
        var data = randn([5000, 2], new Generator(4));
        var fig = TrajectoryFramesFigure.Create(Trajectory(251, 1000), data);
        var doc = FigureSvg.Parse(fig);

        var panels = doc.Panels();
        panels.Should().HaveCount(4);
        panels.Should().OnlyContain(p => p.Points() == 1000);
        panels.Should().OnlyContain(p => p.DataPoints() == TrajectoryFramesFigure.DefaultMaxDataPoints);
        panels.Select(p => p.Title()).Should().Equal("latents (step 0/250)", "step 125/250", "step 200/250", "samples (step 250/250)");
        fig.NonFiniteCount.Should().Be(0);
    }

    [Test]
    public void Chosen_frames_without_data_and_higher_dimensions()
    {
        var fig = TrajectoryFramesFigure.Create(Trajectory(21, 30, d: 3), frames: [0, 20]);
        var panels = FigureSvg.Parse(fig).Panels();
        panels.Should().HaveCount(2);
        panels.Should().OnlyContain(p => p.Points() == 30 && p.DataPoints() == 0);
    }

    [Test]
    public void Non_finite_points_are_counted_per_frame_not_thrown()
    {
        var traj = Trajectory(11, 50).ToArray();
        traj[10 * 100 + 0] = float.NaN;   // last frame, point 0
        traj[10 * 100 + 3] = float.NegativeInfinity; // last frame, point 1
        traj[0] = float.NaN;              // first frame, point 0
        var fig = TrajectoryFramesFigure.Create(tensor(traj, 11, 50, 2));
        var doc = FigureSvg.Parse(fig);

        doc.Panels().Select(p => p.Points()).Should().Equal(49, 50, 50, 48);
        fig.NonFiniteCount.Should().Be(3);
    }

    [Test]
    public void A_diverging_point_does_not_squash_the_others()
    {
        var traj = Trajectory(5, 1000).ToArray();
        traj[4 * 2000] = 1e6f; // one sample far away
        var fig = TrajectoryFramesFigure.Create(tensor(traj, 5, 1000, 2));
        fig[3].XLimits!.Value.Max.Should().BeLessThan(10);
        FigureSvg.Parse(fig).Panels().Should().HaveCount(4);
    }

    [Test]
    public void Bad_shapes_and_frames_are_rejected()
    {
        FluentActions.Invoking(() => TrajectoryFramesFigure.Create(randn([10, 2], new Generator(1))))
            .Should().Throw<ArgumentException>().WithMessage("*[S + 1*");
        FluentActions.Invoking(() => TrajectoryFramesFigure.Create(Trajectory(5, 10, d: 1)))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => TrajectoryFramesFigure.Create(Trajectory(5, 10), frames: [0, 5]))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
