using Grader.Reference.Diffusion.Figures;

namespace Grader.Reference.Tests.Diffusion.Figures;

public sealed class SamplesOverDataFigureTests
{
    [Test]
    public void Samples_over_the_data_in_one_panel()
    {
        var g = new Generator(8);
        var fig = SamplesOverDataFigure.Create(randn([1000, 2], g), randn([8000, 2], g));
        var doc = FigureSvg.Parse(fig);
        var panel = doc.Panels().Single();
        panel.Points().Should().Be(1000);
        panel.DataPoints().Should().Be(SamplesOverDataFigure.DefaultMaxDataPoints);
        panel.WithClass("legend").Should().HaveCount(1);
    }

    [Test]
    public void A_true_density_adds_a_heat_map_panel()
    {
        var g = new Generator(9);
        var mixture = HeidelbergToyData.Mixture(g);
        var samples = mixture.Density!.Sample(500, g);
        var fig = SamplesOverDataFigure.Create(samples, mixture.Data, mixture.Density!);
        var doc = FigureSvg.Parse(fig);

        var panels = doc.Panels();
        panels.Should().HaveCount(2);
        panels.Should().OnlyContain(p => p.Points() == 500);
        panels[1].WithClass("heatmap").Should().HaveCount(1);
        doc.WithClass("colorbar").Should().HaveCount(1);
    }

    [Test]
    public void Non_finite_samples_and_density_values_are_counted_not_thrown()
    {
        var s = randn([100, 2], new Generator(10)).ToArray();
        s[0] = float.NaN;
        s[11] = float.PositiveInfinity;
        var fig = SamplesOverDataFigure.Create(tensor(s, 100, 2), density: (x, y) => x > 0 ? double.NaN : Math.Exp(-(x * x + y * y)));
        var doc = FigureSvg.Parse(fig);

        doc.Panels().Select(p => p.Points()).Should().Equal(98, 98);
        fig[0].NonFiniteCount.Should().Be(2);
        fig[1].NonFiniteCount.Should().BeGreaterThan(2, "the NaN half of the density grid is counted too");
    }

    [Test]
    public void Samples_must_be_two_dimensional_points()
    {
        FluentActions.Invoking(() => SamplesOverDataFigure.Create(randn([10, 1], new Generator(1))))
            .Should().Throw<ArgumentException>().WithMessage("*at least 2 columns*");
    }
}
