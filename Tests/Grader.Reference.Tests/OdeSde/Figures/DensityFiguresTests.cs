using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Figures;
using Grader.Reference.Tests.Diffusion.Figures;

namespace Grader.Reference.Tests.OdeSde.Figures;

public sealed class DensityFiguresTests
{
    [Test]
    public void The_histogram_is_numpys_density_histogram()
    {
        var (edges, heights) = DensityHistogram.Compute([-9.9, -9.8, 0.1, 0.2, 0.3, 9.99, 10.0, 25.0], bins: 4);
        edges.Should().Equal(-10, -5, 0, 5, 10);
        // 7 values inside [−10, 10] (10 itself falls in the last bin, as in numpy), width 5.
        heights.Should().Equal(new[] { 2.0, 0, 3, 2 }.Select(c => c / (7 * 5.0)));
        heights.Sum(h => h * 5).Should().BeApproximately(1, 1e-12);
        var (xs, ys) = DensityHistogram.Steps([0.5], bins: 2, min: 0, max: 1);
        xs.Should().Equal(0, 0, 0.5, 0.5, 1, 1);
        ys.Should().Equal(0, 0, 0, 2, 2, 0);
    }

    [Test]
    public void The_ode_figure_has_densities_histograms_and_ten_paths_each_way()
    {
        var set = TrainingSetWithLogLikelihood.LaplaceMixture();
        var data = set.Generate(200, new Generator(1)).Data;
        var drift = new DriftNetwork(new Generator(2));
        var fig = OdeDensityFigure.Create(drift, set, data, new Generator(3));
        var doc = FigureSvg.Parse(fig);
        doc.Panels().Should().HaveCount(2);
        doc.Panels()[0].WithClass("line").Should().HaveCount(4, "two histograms and two densities");
        doc.Panels()[1].WithClass("line").Should().HaveCount(20, "10 backward and 10 forward paths");
        fig.NonFiniteCount.Should().Be(0);
        fig.ToSvg().Should().Contain("model density (rk4)").And.Contain("true density");
    }

    [Test]
    public void The_sde_figure_has_the_bound_the_paths_and_the_elbo_over_t()
    {
        var set = TrainingSetWithLogLikelihood.LaplaceMixture();
        var data = set.Generate(100, new Generator(1)).Data;
        var model = new SdeModel(new Generator(2));
        var fig = SdeDensityFigure.Create(model, set, data, new Generator(3));
        var doc = FigureSvg.Parse(fig);
        doc.Panels().Should().HaveCount(3);
        doc.Panels()[1].WithClass("line").Should().HaveCount(20);
        fig.ToSvg().Should().Contain("exp(ELBO(y))").And.Contain("SDE ELBO as a function of t");
        fig.NonFiniteCount.Should().Be(0);
    }

    [Test]
    public void Mismatched_inputs_are_refused_with_a_message()
    {
        FluentActions.Invoking(() => OdeDensityFigure.Create([0, 1], [1], [1, 1], [], [], [0, 1], [], []))
            .Should().Throw<ArgumentException>().WithMessage("*one value per y*");
        FluentActions.Invoking(() => OdeDensityFigure.Create([0, 1], [1, 1], [1, 1], [], [], [0, 1], [[1.0, 2, 3]], []))
            .Should().Throw<ArgumentException>().WithMessage("*3 points for 2 times*");
    }
}
