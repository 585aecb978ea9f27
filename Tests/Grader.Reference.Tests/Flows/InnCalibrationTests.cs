using Grader.Checks.Hidden.Flows;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;
using Grader.Reference.Flows.Figures;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The reference INN under the proposed grading budget (<see cref="InnTrainer.GradingSteps"/>), over seeds: held-out
/// NLL per event (preprocessed space) and, for the events generated from the trained INN through the inverse
/// preprocessing, the total variation of each observable's 50-bin histogram from the test events', beside the noise
/// floor (validation against test events). The muon masses are left out (the sheet's inverse puts muons on the
/// 0.105 GeV shell, the events are massless), as are observables constant on the test events (pair pT and φ).
/// Prints its figures, and asserts that the reference trained this way would be clearly good under the training check's
/// calibrated bounds (<see cref="InnTrainingQualityBudget.Calibrated"/>): the held-out NLL within [MinNll, the NLL's
/// clearly-good bound] and the total variation of pT₁, η₁, η₂ within theirs, on every seed.
/// </summary>
public sealed class InnCalibrationTests
{
    public const int TrainingEvents = 100_000, TestEvents = 50_000;

    private static readonly EventObservable[] Observables =
        [EventObservable.Pt1, EventObservable.Eta1, EventObservable.Phi1, EventObservable.Eta2, EventObservable.PairMass, EventObservable.PairRapidity];

    [Explicit("Trains the notebook INN for the grading budget on 3 seeds: about 20 s each on a quiet 2-core machine, minutes under load")]
    [TestCase(InnTrainer.GradingSteps, 3)]
    public void Held_out_nll_and_histogram_distances_after_the_grading_budget(int steps, int seeds)
    {
        var rows = new List<(double Nll, double[] Tv, double[] Floor, double Seconds)>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            var data = DrellYanDataSet.Generate(new Generator(1000 + seed), TrainingEvents, TestEvents, TestEvents);
            var pre = ImprovedPreprocessing.Fit(data.Training);
            var clock = Stopwatch.StartNew();
            var (inn, result) = InnTrainer.Train(pre.Apply(data.Training), steps, new Generator(2000 + seed));
            double seconds = clock.Elapsed.TotalSeconds;
            double nll;
            using (no_grad()) nll = inn.NegativeLogLikelihood(pre.Apply(data.Test)).mean().item();
            var generated = pre.Invert(inn.Sample(TestEvents, new Generator(3000 + seed)), new Generator(4000 + seed));
            var tv = Observables.Select(o => Tv(o, generated, data.Test)).ToArray();
            var floor = Observables.Select(o => Tv(o, data.Validation, data.Test)).ToArray();
            rows.Add((nll, tv, floor, seconds));
            var distances = string.Join(", ", Observables.Select((o, k) => FormattableString.Invariant($"{o.Id} {tv[k]:0.0000} (floor {floor[k]:0.0000})")));
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: {steps} steps in {seconds:0.0} s ({steps / result.Elapsed.TotalSeconds:0.0} steps/s); held-out NLL {nll:0.0000}; TV {distances}"));
            if (!double.IsFinite(nll) || tv.Any(v => !double.IsFinite(v))) throw new AssertionException($"seed {seed}: non-finite figures");
            var bounds = InnTrainingQualityBudget.Calibrated;
            nll.Should().BeInRange(bounds.MinNll, bounds.Nll!.Pass, $"seed {seed}: the reference's held-out NLL");
            TvOf(EventObservable.Pt1, tv).Should().BeLessThanOrEqualTo(bounds.TvPt1!.Pass, $"seed {seed}: TV pT₁");
            TvOf(EventObservable.Eta1, tv).Should().BeLessThanOrEqualTo(bounds.TvEta!.Pass, $"seed {seed}: TV η₁");
            TvOf(EventObservable.Eta2, tv).Should().BeLessThanOrEqualTo(bounds.TvEta!.Pass, $"seed {seed}: TV η₂");
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"over {seeds} seeds: held-out NLL {rows.Min(r => r.Nll):0.0000} … {rows.Max(r => r.Nll):0.0000} (mean {rows.Average(r => r.Nll):0.0000}); training {rows.Min(r => r.Seconds):0.0} … {rows.Max(r => r.Seconds):0.0} s"));
        for (int k = 0; k < Observables.Length; k++)
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Observables[k].Id,-6} TV {rows.Min(r => r.Tv[k]):0.0000} … {rows.Max(r => r.Tv[k]):0.0000}, noise floor {rows.Min(r => r.Floor[k]):0.0000} … {rows.Max(r => r.Floor[k]):0.0000}"));
    }

    private static double TvOf(EventObservable o, double[] tv) => tv[Array.IndexOf(Observables, o)];

    private static double Tv(EventObservable o, Tensor a, Tensor b) =>
        Histogram.TotalVariation(Histogram.Of(o.Of(a), o.Min, o.Max, 50), Histogram.Of(o.Of(b), o.Min, o.Max, 50));
}
