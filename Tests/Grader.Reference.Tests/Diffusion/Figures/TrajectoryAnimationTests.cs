using Grader.Reference.Diffusion.Figures;

namespace Grader.Reference.Tests.Diffusion.Figures;

public sealed class TrajectoryAnimationTests
{
    private static int ValuesIn(System.Xml.Linq.XElement animate) => ((string)animate.Attribute("values")!).Split(';').Length;

    [Test]
    public void The_sheets_size_stays_under_two_megabytes_with_every_point_animated()
    {
        var data = randn([8000, 2], new Generator(5));
        var fig = TrajectoryAnimation.Create(TrajectoryFramesFigureTests.Trajectory(251, 1000), data);
        var svg = fig.ToSvg();
        svg.Length.Should().BeLessThan(2_000_000);

        var doc = System.Xml.Linq.XDocument.Parse(svg);
        doc.Panels().Should().HaveCount(1);
        var circles = doc.WithClass("animated-scatter").Single().Elements(FigureSvg.S + "circle").ToList();
        circles.Should().HaveCount(1000);
        var step = TrajectoryAnimation.FrameStepFor(1000, 251);
        step.Should().Be(2);
        var kept = TrajectoryAnimation.KeptFrames(251, step);
        kept.Should().Be(126);
        var expected = kept + TrajectoryAnimation.HoldFrames(kept);
        circles.Should().OnlyContain(c => c.Elements(FigureSvg.S + "animate").Count() == 2
            && c.Elements(FigureSvg.S + "animate").All(a => ValuesIn(a) == expected));
        doc.Panels()[0].DataPoints().Should().Be(TrajectoryAnimation.DefaultMaxDataPoints);
    }

    [Test]
    public void Small_trajectories_keep_every_frame()
    {
        TrajectoryAnimation.FrameStepFor(10, 5).Should().Be(1);
        TrajectoryAnimation.KeptFrames(5, 1).Should().Be(5);
        TrajectoryAnimation.KeptFrames(251, 3).Should().Be(85);
        TrajectoryAnimation.KeptFrames(1, 4).Should().Be(1);
        var doc = FigureSvg.Parse(TrajectoryAnimation.Create(TrajectoryFramesFigureTests.Trajectory(5, 10)));
        doc.WithClass("animated-scatter").Single().Elements(FigureSvg.S + "circle").Should().HaveCount(10);
    }

    [Test]
    public void Non_finite_points_are_counted_not_thrown()
    {
        var traj = TrajectoryFramesFigureTests.Trajectory(6, 20).ToArray();
        traj[5 * 40] = float.NaN;                                     // point 0 in the last frame
        for (var f = 0; f < 6; f++) traj[f * 40 + 2] = float.NaN;     // point 1 in every frame: never drawn
        var fig = TrajectoryAnimation.Create(tensor(traj, 6, 20, 2));
        var doc = FigureSvg.Parse(fig);
        fig.NonFiniteCount.Should().Be(2);
        doc.WithClass("animated-scatter").Single().Elements(FigureSvg.S + "circle").Should().HaveCount(19);
    }
}
