using Grader.Reference.Diffusion.Figures;

namespace Grader.Reference.Tests.Diffusion.Figures;

public sealed class NoisePredictionFigureTests
{
    private static (Tensor Eps, Tensor Hat, int[] T) Batch(int n, int d, int seed = 1)
    {
        var g = new Generator(seed);
        var eps = randn([n, d], g);
        var hat = eps * 0.8f + randn([n, d], g) * 0.3f;
        var t = Enumerable.Range(0, n).Select(_ => (int)g.NextInt(0, 250)).ToArray();
        return (eps, hat, t);
    }

    [TestCase(2)]
    [TestCase(3)]
    public void One_panel_per_dimension_with_every_point_the_diagonal_and_one_colourbar(int d)
    {
        var (eps, hat, t) = Batch(300, d);
        var fig = NoisePredictionFigure.Create(eps, hat, t);
        var doc = FigureSvg.Parse(fig);

        var panels = doc.Panels();
        panels.Should().HaveCount(d);
        panels.Should().OnlyContain(p => p.Points() == 300);
        panels.Should().OnlyContain(p => p.WithClass("diagonal").Count() == 1);
        doc.WithClass("colorbar").Should().HaveCount(1, "the time colourbar is shown once, on the last panel");
        panels[0].Title().Should().StartWith("dimension 1: MSE ");
        fig.NonFiniteCount.Should().Be(0);
    }

    [Test]
    public void The_time_overloads_agree()
    {
        var (eps, hat, t) = Batch(50, 2);
        var fromInts = NoisePredictionFigure.Create(eps, hat, t).ToSvg();
        NoisePredictionFigure.Create(eps, hat, tensor(t.Select(v => (float)v).ToArray(), t.Length)).ToSvg().Should().Be(fromInts);
        NoisePredictionFigure.Create(eps, hat, t.Select(v => (double)v).ToArray()).ToSvg().Should().Be(fromInts);
    }

    [Test]
    public void Non_finite_noise_and_time_are_counted_not_thrown()
    {
        var (eps, hat, t) = Batch(100, 2);
        var e = eps.ToArray();
        e[0] = float.NaN;                 // row 0, dimension 1
        e[2 * 5 + 1] = float.PositiveInfinity; // row 5, dimension 2
        var times = t.Select(v => (double)v).ToArray();
        times[7] = double.NaN;            // row 7, both panels
        var fig = NoisePredictionFigure.Create(tensor(e, 100, 2), hat, times);
        var doc = FigureSvg.Parse(fig);

        fig.NonFiniteCount.Should().Be(4);
        fig[0].NonFiniteCount.Should().Be(2);
        fig[1].NonFiniteCount.Should().Be(2);
        doc.Panels().Select(p => p.Points()).Should().Equal(98, 98);
        doc.WithClass("note").Should().HaveCount(2);
    }

    [Test]
    public void All_non_finite_still_renders()
    {
        var nan = full([20, 2], float.NaN);
        var fig = NoisePredictionFigure.Create(nan, nan, new int[20]);
        FigureSvg.Parse(fig).Panels().Should().HaveCount(2);
        fig.NonFiniteCount.Should().Be(40);
        fig[0].Title.Should().Contain("n/a");
    }

    [Test]
    public void Mismatched_inputs_are_rejected()
    {
        var (eps, hat, t) = Batch(10, 2);
        FluentActions.Invoking(() => NoisePredictionFigure.Create(eps, hat.narrow(0, 0, 5), t)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NoisePredictionFigure.Create(eps, hat, t[..9])).Should().Throw<ArgumentException>().WithMessage("*9 entries*");
        FluentActions.Invoking(() => NoisePredictionFigure.Create(eps.reshape(20), hat, t)).Should().Throw<ArgumentException>().WithMessage("*[N, d]*");
    }
}
