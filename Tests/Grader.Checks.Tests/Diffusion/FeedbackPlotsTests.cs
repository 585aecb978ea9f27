using Grader.Checks.Checking;
using Grader.Checks.Diffusion;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>
/// The feedback plots of the diffusion checks (trajectory frames, interpolation paths, samples over the reference's):
/// present on a pass and on a failure, with the expected titles and series, finite, within <see cref="Plot.MaxPoints"/>;
/// and the builders of <see cref="FeedbackPlots"/>.
/// </summary>
public sealed class FeedbackPlotsTests
{
    [Test]
    public void A_correct_same_noise_trajectory_gets_five_frames_over_the_references()
    {
        var result = DiffusionCheckHarness.Run(new SameNoiseTrajectoryMatchesReference(), new FormulaSameNoise(SameNoiseBug.None));

        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        var plots = WellFormed(result);
        plots.Select(p => p.Title).Should().HaveCount(5).And.SatisfyRespectively(
            t => t.Should().Contain("t = 250 (the latents)"),
            t => t.Should().Contain("t = 188"),
            t => t.Should().Contain("t = 125"),
            t => t.Should().Contain("t = 63"),
            t => t.Should().Contain("t = 0 (the samples)"));
        foreach (var plot in plots)
        {
            plot.EqualAspect.Should().BeTrue();
            plot.Series.Select(s => s.Label).Should().Equal("reference x_t", "your x_t");
            plot.Series.Should().OnlyContain(s => s.Style == PlotStyle.Points && s.X.Count == 8);
            plot.Series[1].X.Should().Equal(plot.Series[0].X, (a, b) => Math.Abs(a - b) < 1e-3, "a correct hand-in's frames lie on the reference's");
        }
    }

    [TestCase(nameof(SameNoiseBug.SigmaSquaredBeta))]
    [TestCase(nameof(SameNoiseBug.PerSampleNoise))]
    [TestCase(nameof(SameNoiseBug.Reversed))]
    public void A_failing_same_noise_trajectory_still_gets_its_frames(string bug)
    {
        var result = DiffusionCheckHarness.Run(new SameNoiseTrajectoryMatchesReference(), new FormulaSameNoise(Enum.Parse<SameNoiseBug>(bug)));

        result.Outcome.Should().Be(CheckOutcome.Failed, result.Message);
        WellFormed(result).Should().HaveCount(5).And.OnlyContain(p => p.Series.Count == 2 && p.Series[1].Label == "your x_t");
    }

    [Test]
    public void A_correct_interpolation_gets_one_path_per_case()
    {
        var result = DiffusionCheckHarness.Run(new InterpolationIsLinearInLatentSpace(), new FormulaInterpolation(InterpolationBug.None));

        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        var plots = WellFormed(result);
        plots.Should().HaveCount(InterpolationIsLinearInLatentSpace.Cases.Count);
        plots.Select(p => p.Title).Should().Equal(
            "Interpolation path from (-1, 2) to (-1, -2), count 500",
            "Interpolation path from (-2, 0) to (2, 0), count 500",
            "Interpolation path from (0.5, -1.25) to (-3, 2.75), count 5");
        for (var k = 0; k < plots.Count; k++)
        {
            var (from, to, count) = InterpolationIsLinearInLatentSpace.Cases[k];
            var plot = plots[k];
            plot.EqualAspect.Should().BeTrue();
            plot.Series.Select(s => (s.Label, s.Style)).Should().Equal(("reference path", PlotStyle.Line), ("your path", PlotStyle.Line), ("your latents", PlotStyle.Points));
            plot.Series.Should().OnlyContain(s => s.X.Count == count);
            foreach (var series in plot.Series)
            {
                series.X[0].Should().BeApproximately(from[0], 1e-6);
                series.Y[^1].Should().BeApproximately(to[1], 1e-6);
            }
        }
    }

    [Test]
    public void A_slerp_gets_the_path_of_the_case_it_fails_on()
    {
        var result = DiffusionCheckHarness.Run(new InterpolationIsLinearInLatentSpace(), new FormulaInterpolation(InterpolationBug.Slerp));

        result.Outcome.Should().Be(CheckOutcome.Failed);
        var plot = WellFormed(result).Should().ContainSingle().Subject;
        plot.Title.Should().Be("Interpolation path from (-1, 2) to (-1, -2), count 500");
        var your = plot.Series.Single(s => s.Label == "your path");
        your.X.Max(x => Math.Abs(x + 1)).Should().BeGreaterThan(0.5, "the slerp bends away from the segment x₁ = −1, and the plot shows it");
    }

    [Test]
    public void One_latent_short_still_gets_its_path()
    {
        var result = DiffusionCheckHarness.Run(new InterpolationIsLinearInLatentSpace(), new FormulaInterpolation(InterpolationBug.OneShort));

        result.Outcome.Should().Be(CheckOutcome.Failed);
        var plot = WellFormed(result).Should().ContainSingle().Subject;
        plot.Series.Single(s => s.Label == "your path").X.Should().HaveCount(499);
        plot.Series.Single(s => s.Label == "reference path").X.Should().HaveCount(500);
    }

    [Test]
    public void Correct_DTU_samples_are_drawn_over_the_references()
    {
        var result = DiffusionCheckHarness.Run(new DtuSampleMatchesReference(), new FormulaDtuSampler(SampleBug.None));

        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        var plot = WellFormed(result).Should().ContainSingle().Subject;
        plot.Title.Should().Contain("T = 100").And.Contain("yours over the reference's");
        plot.EqualAspect.Should().BeTrue();
        plot.Series.Select(s => (s.Label, s.Style)).Should().Equal(("reference samples", PlotStyle.Points), ("your samples", PlotStyle.Points));
        plot.Series.Should().OnlyContain(s => s.X.Count == 64);
    }

    [TestCase(nameof(SampleBug.BetaTilde), 64)]
    [TestCase(nameof(SampleBug.EpsilonSign), 64)]
    [TestCase(nameof(SampleBug.Infinity), 63)]
    public void Failing_DTU_samples_still_get_their_plot_without_the_non_finite_ones(string bug, int shown)
    {
        var result = DiffusionCheckHarness.Run(new DtuSampleMatchesReference(), new FormulaDtuSampler(Enum.Parse<SampleBug>(bug)));

        result.Outcome.Should().Be(CheckOutcome.Failed);
        var plot = WellFormed(result).Should().ContainSingle().Subject;
        plot.Series.Single(s => s.Label == "your samples").X.Should().HaveCount(shown);
    }

    private static IEnumerable<TestCaseData> WrongShapes()
    {
        yield return new TestCaseData(new SameNoiseTrajectoryMatchesReference(), new FormulaSameNoise(SameNoiseBug.WithoutLatents)).SetArgDisplayNames("a trajectory without the latents");
        yield return new TestCaseData(new DtuSampleMatchesReference(), new FormulaDtuSampler(SampleBug.Transposed)).SetArgDisplayNames("transposed DTU samples");
    }

    /// <summary>A result of the wrong shape fails and gets no plot (nothing to draw it over the reference's).</summary>
    [TestCaseSource(nameof(WrongShapes))]
    public void A_result_of_the_wrong_shape_gets_no_plot(ICheck check, object handin)
    {
        var result = DiffusionCheckHarness.Run(check, handin);

        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Plots.Should().BeNull();
    }

    [Test]
    public void Series_drop_non_finite_points_and_thin_evenly_keeping_both_ends()
    {
        var pairs = Enumerable.Range(0, 10_001).Select(i => i % 7 == 3 ? (double.NaN, 1.0) : i % 11 == 5 ? (1.0, double.PositiveInfinity) : ((double)i, 2.0 * i)).ToList();

        var series = FeedbackPlots.Series("s", PlotStyle.Line, pairs, max: 100);

        series.X.Should().HaveCount(100).And.OnlyContain(x => double.IsFinite(x)).And.BeInAscendingOrder();
        series.Y.Should().HaveCount(100).And.OnlyContain(y => double.IsFinite(y));
        series.X[0].Should().Be(0);
        series.X[^1].Should().Be(10_000);
        series.X.Zip(series.Y).Should().OnlyContain(p => p.Second == 2 * p.First);
    }

    [Test]
    public void A_plot_is_thinned_to_MaxPoints_over_all_series_and_empty_series_are_dropped()
    {
        var big = FeedbackPlots.Series("big", PlotStyle.Points, Enumerable.Range(0, 4000).Select(i => ((double)i, (double)i)));
        var small = FeedbackPlots.Series("small", PlotStyle.Points, Enumerable.Range(0, 1000).Select(i => ((double)i, -(double)i)));
        var empty = FeedbackPlots.Series("empty", PlotStyle.Points, [(double.NaN, 0.0)]);

        var plot = FeedbackPlots.Of("title", "x", "y", [big, small, empty], equalAspect: true)!;

        plot.PointCount.Should().Be(Plot.MaxPoints);
        plot.Series.Select(s => s.Label).Should().Equal("big", "small");
        plot.Series.Select(s => s.X.Count).Should().Equal([3200, 800], "each series keeps its share of the 5000 points");
        plot.Series.Select(s => s.Y.Count).Should().Equal(3200, 800);
        FeedbackPlots.Of("title", "x", "y", [empty], equalAspect: false).Should().BeNull();
        FeedbackPlots.List([null, null]).Should().BeNull();
    }

    [Test]
    public void The_diagonal_spans_both_coordinates_of_the_series()
    {
        var series = FeedbackPlots.Series("s", PlotStyle.Points, [(-2.0, 0.5), (1.0, 3.0)]);

        var diagonal = FeedbackPlots.Diagonal("y = x", [series]);

        diagonal.Style.Should().Be(PlotStyle.Line);
        diagonal.X.Should().Equal(-2.0, 3.0);
        diagonal.Y.Should().Equal(-2.0, 3.0);
    }

    /// <summary>The result's plots: at least one; every series non-empty, X and Y of equal length, finite; each plot within <see cref="Plot.MaxPoints"/>.</summary>
    private static IReadOnlyList<Plot> WellFormed(CheckResult result)
    {
        result.Plots.Should().NotBeNullOrEmpty(result.Message);
        foreach (var plot in result.Plots!)
        {
            plot.Title.Should().NotBeNullOrWhiteSpace();
            plot.PointCount.Should().BeInRange(1, Plot.MaxPoints, plot.Title);
            foreach (var series in plot.Series)
            {
                series.X.Should().NotBeEmpty(series.Label).And.HaveSameCount(series.Y, series.Label);
                series.X.Concat(series.Y).Should().OnlyContain(v => double.IsFinite(v), $"{plot.Title} / {series.Label}");
            }
        }

        return result.Plots;
    }
}
