using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The feedback plots of the hidden training checks: "samples over the data" and "true versus predicted noise", on a
/// pass and on a failure. One training run in all (the Correct example's on the V, the cheapest correct trainer); the other cases never train.
/// </summary>
public sealed class TrainingQualityPlotsTests
{
    [Test]
    public void A_correct_hand_in_trained_on_the_V_gets_its_samples_over_the_data_and_its_noise_plot()
    {
        var check = new HeidelbergVTrainingQuality();
        var clock = Stopwatch.StartNew();
        var result = check.Run(Context(Parts("Correct"), check.Id, 1));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {result.Message}");

        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        var plots = WellFormed(result);
        plots.Should().HaveCount(2);
        SamplesOverData(plots[0], samples: 1000, heldOut: 1000);
        plots[0].Title.Should().Contain("held-out points of the V");
        Noise(plots[1], [25, 125, 225]);
        var correlation = Correlation(plots[1].Series.Where(s => s.Label != "y = x").ToList());
        TestContext.Out.WriteLine($"corr(ε₁, ε̂₁) = {correlation:F3}");
        correlation.Should().BeGreaterThan(0.5, "a trained network's ε̂ follows the true ε, which the plot shows");
    }

    [Test]
    public void A_network_trained_for_one_step_on_the_toy_data_fails_and_still_gets_all_four_plots()
    {
        var check = new DtuToyDataTrainingQuality(new DtuToyDataTrainingQuality.Settings(Steps: 1, TrainingPoints: 2000, Samples: 300, HeldOut: 1500));
        var result = check.Run(DtuContext("reference", check.Id, 1));
        TestContext.Out.WriteLine(result.Message);

        result.Outcome.Should().Be(CheckOutcome.Failed);
        var plots = WellFormed(result);
        plots.Select(p => p.Title.Split(':')[0]).Should().Equal("TwoGaussians", "TwoGaussians", "Chequerboard", "Chequerboard");
        SamplesOverData(plots[0], samples: 300, heldOut: 1000);
        SamplesOverData(plots[2], samples: 300, heldOut: 1000);
        Noise(plots[1], [100, 500, 900]);
        Noise(plots[3], [100, 500, 900]);
    }

    [Test]
    public void A_network_that_returns_NaN_fails_without_plots()
    {
        var check = new HeidelbergVTrainingQuality(new HeidelbergVTrainingQuality.Settings(Samples: 50, HeldOut: 50));
        var result = check.Run(Context(new NaNParts(), check.Id, 1));
        TestContext.Out.WriteLine(result.Message);

        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().Contain("NaN");
        result.Plots.Should().BeNull("every number the network gave is NaN, so no plot has a point");
    }

    private static void SamplesOverData(Plot plot, int samples, int heldOut)
    {
        plot.EqualAspect.Should().BeTrue();
        plot.Series.Select(s => (s.Label, s.Style, s.X.Count)).Should().Equal(
            ("held-out data", PlotStyle.Points, heldOut),
            ("samples from your network", PlotStyle.Points, samples));
    }

    private static void Noise(Plot plot, int[] steps)
    {
        plot.Title.Should().ContainEquivalentOf("true versus predicted noise");
        (plot.XLabel, plot.YLabel).Should().Be(("true ε₁", "predicted ε̂₁"));
        plot.Series.Select(s => s.Label).Should().Equal(["t = T/10", "t = T/2", "t = 9T/10", "y = x"]);
        plot.Series.Take(steps.Length).Should().OnlyContain(s => s.Style == PlotStyle.Points && s.X.Count == 100);
        var diagonal = plot.Series[^1];
        diagonal.Style.Should().Be(PlotStyle.Line);
        diagonal.X.Should().Equal(diagonal.Y).And.HaveCount(2);
    }

    /// <summary>The result's plots: every series non-empty, X and Y of equal length, finite; each plot within <see cref="Plot.MaxPoints"/>.</summary>
    private static IReadOnlyList<Plot> WellFormed(CheckResult result)
    {
        result.Plots.Should().NotBeNullOrEmpty(result.Message);
        foreach (var plot in result.Plots!)
        {
            plot.PointCount.Should().BeInRange(1, Plot.MaxPoints, plot.Title);
            foreach (var series in plot.Series)
            {
                series.X.Should().NotBeEmpty(series.Label).And.HaveSameCount(series.Y, series.Label);
                series.X.Concat(series.Y).Should().OnlyContain(v => double.IsFinite(v), $"{plot.Title} / {series.Label}");
            }
        }

        return result.Plots;
    }

    private static double Correlation(IReadOnlyList<PlotSeries> series)
    {
        var x = series.SelectMany(s => s.X).ToArray();
        var y = series.SelectMany(s => s.Y).ToArray();
        double mx = x.Average(), my = y.Average();
        var sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }

    /// <summary>A "training" whose network answers NaN for every input.</summary>
    /// <summary>Parts whose network answers NaN everywhere (a parameter keeps the graph): the grader's loop stops at the loss of step 0.</summary>
    private sealed class NaNParts : IDiffusionTrainingParts
    {
        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new NaNNetwork();

        /// <summary>Algorithm 1's loss, right (the loss part is graded before training, on the grader's own network), so the NaN comes from the network.</summary>
        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
        {
            var alphaBar = new double[schedule.T];
            var product = 1.0;
            for (var s = 0; s < schedule.T; s++) alphaBar[s] = product *= 1.0 - schedule.Betas[s];
            var a = tensor(t.Select(i => (float)Math.Sqrt(alphaBar[i])).ToArray(), t.Length, 1);
            var b = tensor(t.Select(i => (float)Math.Sqrt(1.0 - alphaBar[i])).ToArray(), t.Length, 1);
            var time = tensor(t.Select(i => (float)((double)i / schedule.T)).ToArray(), t.Length, 1);
            return torch.nn.functional.mse_loss(network.Forward(a * x0 + b * epsilon, time), epsilon);
        }

        public TrainingSettings Settings() => new(1e-3, 128);

        private sealed class NaNNetwork : ITrainableEpsilonNetwork
        {
            private readonly Tensor _weight = zeros([1]).requires_grad_();

            public IReadOnlyList<Tensor> Parameters() => [_weight];

            public Tensor Forward(Tensor zt, Tensor t) => full(zt.shape, float.NaN) + _weight.sum();
        }
    }
}
