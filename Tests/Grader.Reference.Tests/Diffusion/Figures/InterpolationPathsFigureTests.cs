using Grader.Reference.Diffusion.Figures;

namespace Grader.Reference.Tests.Diffusion.Figures;

public sealed class InterpolationPathsFigureTests
{
    private static int Polylines(System.Xml.Linq.XElement panel)
        => panel.WithClass("line").Sum(g => g.Elements(FigureSvg.S + "polyline").Count());

    [Test]
    public void Four_panels_with_every_point_joined_and_one_index_colourbar()
    {
        var data = randn([3000, 2], new Generator(6));
        var fig = InterpolationPathsFigure.Create(TrajectoryFramesFigureTests.Trajectory(251, 500), data);
        var doc = FigureSvg.Parse(fig);

        var panels = doc.Panels();
        panels.Should().HaveCount(4);
        panels.Should().OnlyContain(p => p.Points() == 500);
        panels.Should().OnlyContain(p => p.DataPoints() == TrajectoryFramesFigure.DefaultMaxDataPoints);
        panels.Should().OnlyContain(p => Polylines(p) == 60, "the path is drawn in 60 pieces coloured by index");
        doc.WithClass("colorbar").Should().HaveCount(1);
        fig.NonFiniteCount.Should().Be(0);
    }

    [Test]
    public void The_pieces_join_every_neighbour()
    {
        var fig = InterpolationPathsFigure.Create(TrajectoryFramesFigureTests.Trajectory(3, 7), frames: [2]);
        var panel = FigureSvg.Parse(fig).Panels().Single();
        var vertices = panel.WithClass("line").SelectMany(g => g.Elements(FigureSvg.S + "polyline"))
            .Select(p => ((string)p.Attribute("points")!).Split(' ').Length).ToList();
        vertices.Should().HaveCount(6);
        vertices.Sum(v => v - 1).Should().Be(6, "7 points have 6 neighbour links");
    }

    [Test]
    public void A_non_finite_point_breaks_the_line_and_is_counted_once()
    {
        var traj = TrajectoryFramesFigureTests.Trajectory(5, 100).ToArray();
        traj[4 * 200 + 2 * 50] = float.NaN; // point 50 of the last frame
        var fig = InterpolationPathsFigure.Create(tensor(traj, 5, 100, 2));
        var doc = FigureSvg.Parse(fig);

        fig[3].NonFiniteCount.Should().Be(1);
        fig.NonFiniteCount.Should().Be(1);
        doc.Panels()[3].Points().Should().Be(99);
        doc.Panels()[3].WithClass("note").Should().HaveCount(1);
    }

    [Test]
    public void Animation_colours_points_by_index_and_stays_small()
    {
        var fig = InterpolationPathsFigure.Animation(TrajectoryFramesFigureTests.Trajectory(251, 500), randn([8000, 2], new Generator(7)));
        var svg = fig.ToSvg();
        svg.Length.Should().BeLessThan(2_000_000);
        var doc = System.Xml.Linq.XDocument.Parse(svg);
        var circles = doc.WithClass("animated-scatter").Single().Elements(FigureSvg.S + "circle").ToList();
        circles.Should().HaveCount(500);
        circles.Select(c => (string?)c.Attribute("fill")).Distinct().Count().Should().BeGreaterThan(50);
        doc.WithClass("colorbar").Should().HaveCount(1);
    }

    [Test]
    public void Compare_shows_the_last_frame_of_each_run()
    {
        var runs = new (string, Tensor)[]
        {
            ("DDPM", TrajectoryFramesFigureTests.Trajectory(11, 40, seed: 1)),
            ("same noise", TrajectoryFramesFigureTests.Trajectory(11, 40, seed: 2)),
            ("DDIM", TrajectoryFramesFigureTests.Trajectory(11, 40, seed: 3)),
        };
        var doc = FigureSvg.Parse(InterpolationPathsFigure.Compare(runs));
        var panels = doc.Panels();
        panels.Select(p => p.Title()).Should().Equal("DDPM", "same noise", "DDIM");
        panels.Should().OnlyContain(p => p.Points() == 40);
        FluentActions.Invoking(() => InterpolationPathsFigure.Compare([])).Should().Throw<ArgumentException>();
    }
}
