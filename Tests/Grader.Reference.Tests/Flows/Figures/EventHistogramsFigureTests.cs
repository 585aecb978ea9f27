using System.Xml.Linq;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;
using Grader.Reference.Flows.Figures;
using Grader.Reference.Tests.Diffusion.Figures;

namespace Grader.Reference.Tests.Flows.Figures;

public sealed class EventHistogramsFigureTests
{
    private static readonly XNamespace S = FigureSvg.S;

    [Test]
    public void Bins_and_steps_follow_numpy()
    {
        // np.histogram([0.1, 0.2, 0.2, 0.9, 1.0], bins=4, range=(0, 1), density=True) = [2.4, 0, 0, 1.6]
        var h = Histogram.Of([0.1, 0.2, 0.2, 0.9, 1.0, 5.0], 0, 1, 4);
        h.Density.Should().Equal(2.4, 0, 0, 1.6);
        var (xs, ys) = h.Steps();
        xs.Should().Equal(0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1);
        ys.Should().Equal(0, 2.4, 2.4, 0, 0, 0, 0, 1.6, 1.6, 0);
        Histogram.TotalVariation(h, h).Should().Be(0);
        Histogram.TotalVariation(h, Histogram.Of([0.3, 0.4], 0, 1, 4)).Should().BeApproximately(1, 1e-15);
    }

    [Test]
    public void Generated_over_true_draws_one_panel_per_observable_that_varies()
    {
        var events = DrellYanGenerator.Generate(2000, new Generator(1)).Events;
        var pre = ImprovedPreprocessing.Fit(events);
        var regenerated = pre.Invert(pre.Apply(events), new Generator(2));
        var fig = EventHistogramsFigure.GeneratedOverTrue(events, regenerated);
        var doc = FigureSvg.Parse(fig);
        // The sheet's events are balanced: the pair's pT and φ are constant (0) and left out, as the title says.
        doc.Panels().Should().HaveCount(EventObservable.All.Count - 2);
        fig.Title.Should().Contain("not drawn").And.Contain(EventObservable.PairPt.Label).And.Contain(EventObservable.PairPhi.Label);
        doc.Descendants(S + "polyline").Count().Should().Be(2 * (EventObservable.All.Count - 2));
        doc.WithClass("legend").Should().HaveCount(1);
        fig.NonFiniteCount.Should().Be(0);
    }

    [Test]
    public void Detector_events_show_the_pair_s_pt_and_phi()
    {
        var events = DrellYanGenerator.Generate(1000, new Generator(3), DrellYanSettings.Detector).Events;
        var fig = EventHistogramsFigure.MostLikely(events, events.narrow(0, 0, 100), 0.1);
        FigureSvg.Parse(fig).Panels().Should().HaveCount(EventObservable.All.Count);
        fig.Title.Should().Contain("10 %");
    }

    [Test]
    public void Events_of_the_wrong_shape_are_refused()
    {
        var act = () => EventHistogramsFigure.GeneratedOverTrue(torch.zeros(5, 7), torch.zeros(5, 8));
        act.Should().Throw<ArgumentException>().WithMessage("*[n, 8]*");
    }
}
