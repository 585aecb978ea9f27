using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The calibration of the SDE training check (the ODE check's on the hand-in's loop went with issue 66: the grader trains
/// the parts, OdeGraderTrainingTests): per trainer (the reference, the Correct example, each training mutant and cheat)
/// and grading seed (a trainer whose model the check refuses, e.g. a dishonest PartialX, counts as −∞), the check's
/// statistics under its budget (the gap: held-out ELBO minus the data's expected log-likelihood; and the time-direction
/// probe D) and the check's verdict, decided as the check decides (the fresh runs of an undecided first run stood in for
/// by the next three seeds' statistics, cyclic, as the benchmark <c>training-power</c> does); prints mean, sd, extremes
/// and the pass count. Run on purpose (minutes); its figures are in Graders/Hidden/README.md and the check's remarks.
/// Asserts the calibration's goal at the check's budget (<see cref="SdeTrainingQuality.Steps"/>): the reference and the
/// Correct example pass on every seed, each training mutant and cheat is caught on at least 19 of 20 seeds.
/// </summary>
[Explicit("calibration: trains 4 × seeds networks per check, minutes; prints its figures and asserts the calibration's goal")]
public sealed class OdeSdeTrainingCalibrationTests
{
    private static readonly string[] SdeTrainers = ["reference", "Correct", "Mutants/sde-training-without-drift-term", "Mutants/sde-training-without-prior-term",
        "Mutants/sde-training-prior-term-sign", "Mutants/sde-training-score-term-sign", "Mutants/sde-training-fifth-of-budget",
        "Mutants/sde-training-time-reversed", "Cheats/sde-partials-honest-only-at-probe-size"];


    public static IEnumerable<TestCaseData> SdeCases() => Cases("SDE", SdeTrainers);

    private static IEnumerable<TestCaseData> Cases(string model, string[] trainers) =>
        from seeds in new[] { 20, 3 }
        from trainer in trainers
        select new TestCaseData(trainer, seeds).SetName($"{model}-training-quality/{trainer}/{seeds}-seeds");

    [TestCaseSource(nameof(SdeCases))]
    public void Sde_training_quality(string trainer, int seeds)
    {
        var check = new SdeTrainingQuality();
        ISdeTraining training = trainer == "reference" ? new ReferenceSdeTraining() : Example<ISdeTraining>(trainer);
        var seedsRun = Report($"SDE, {trainer}, {SdeTrainingQuality.Steps} steps", seeds, SdeTrainingQuality.Threshold, seed =>
        {
            var outcome = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), SdeTrainingQuality.Steps, out var failure, out var se);
            if (failure is not null) TestContext.Progress.WriteLine($"  refused: {failure.Message}");
            double gap = outcome?.Gap ?? double.NegativeInfinity;
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  se {se:F4}, upper bound {SdeTrainingQuality.MaxGap(se):F4}"));
            return new Seed(gap, outcome?.TimeDirection ?? double.NaN, outcome is not null && gap <= SdeTrainingQuality.MaxGap(se), outcome is null);
        }, (seedsSoFar, i) => SdeLowerSide(seedsSoFar, i) && SdeDirectionSide(seedsSoFar, i));
        AssertCalibrationGoal("SDE", trainer, seedsRun);
    }

    /// <summary>One seed's first run: its gap (−∞ when refused), time direction D (NaN when not computed), whether it passes
    /// the side decided by the first run alone (ODE: the gap's band; SDE: the upper bound), whether the model was refused,
    /// and the check's whole verdict (set by <see cref="Report"/>).</summary>
    private sealed record Seed(double Gap, double Direction, bool FirstRunSide, bool Refused)
    {
        public bool Passed { get; init; }
    }

    /// <summary>
    /// The SDE check's lower side as it decides (clearly good, clearly bad, or the mean of three fresh runs), the fresh
    /// runs stood in for by the next three seeds' gaps (cyclic): independent runs of the same trainer, as the check's are.
    /// </summary>
    private static bool SdeLowerSide(IReadOnlyList<Seed> seeds, int i)
    {
        double g = seeds[i].Gap;
        if (g >= SdeTrainingQuality.Threshold) return true;
        if (!(g >= SdeTrainingQuality.ClearlyBad)) return false;
        return Fresh(seeds, i).Average(s => s.Gap) >= SdeTrainingQuality.FreshThreshold;
    }

    /// <summary>The SDE check's time-direction probe: the first run's D, or when it is below the threshold the mean of the fresh runs' (the next three seeds').</summary>
    private static bool SdeDirectionSide(IReadOnlyList<Seed> seeds, int i) =>
        SdeTrainingQuality.DirectionPasses(seeds[i].Direction) || Fresh(seeds, i).Average(s => s.Direction) >= SdeTrainingQuality.TimeDirectionThreshold;

    private static IEnumerable<Seed> Fresh(IReadOnlyList<Seed> seeds, int i) =>
        Enumerable.Range(1, IndifferenceZone.FreshRuns).Select(k => seeds[(i + k) % seeds.Count]);

    /// <summary>
    /// The calibration's goal at the check's budget: the reference and the Correct example pass on every seed; a training
    /// mutant or cheat is caught on at least 19 of 20 seeds (the same share, rounded up, of fewer: all of 3 or 5).
    /// </summary>
    private static void AssertCalibrationGoal(string model, string trainer, IReadOnlyList<Seed> seeds)
    {
        int passes = seeds.Count(s => s.Passed);
        if (trainer is "reference" or "Correct")
            passes.Should().Be(seeds.Count, $"the {trainer} trainer must pass the {model} training check on every seed");
        else
            (seeds.Count - passes).Should().BeGreaterThanOrEqualTo((int)Math.Ceiling(0.95 * seeds.Count), $"{trainer} must be caught by the {model} training check on at least 19 of 20 seeds");
    }

    /// <param name="firstRun">A seed's first run.</param>
    /// <param name="rest">The rest of the check's decision from all seeds' first runs and the seed's index (the fresh
    /// runs stood in for by the next seeds'), for a seed whose first run passes its own side.</param>
    /// <returns>Every seed's first run with the check's verdict.</returns>
    private static List<Seed> Report(string name, int seeds, double threshold, Func<ulong, Seed> firstRun, Func<IReadOnlyList<Seed>, int, bool> rest)
    {
        var runs = new List<Seed>();
        var clock = Stopwatch.StartNew();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            runs.Add(firstRun(seed));
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, seed {seed}: gap {runs[^1].Gap:F4}, D {runs[^1].Direction:F4}"));
        }
        var decided = runs.Select((s, i) => s with { Passed = s.FirstRunSide && rest(runs, i) }).ToList();
        int passes = decided.Count(s => s.Passed);
        var gaps = decided.Select(s => s.Gap).ToList();
        var finite = gaps.Where(double.IsFinite).ToList();
        var (mean, sd, min, max) = finite.Count > 0 ? Stats(finite) : (double.NaN, double.NaN, double.NaN, double.NaN);
        var directions = decided.Select(s => s.Direction).Where(double.IsFinite).ToList();
        var (dMean, dSd, dMin, dMax) = directions.Count > 0 ? Stats(directions) : (double.NaN, double.NaN, double.NaN, double.NaN);
        var z = (mean - threshold) / sd;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: gap mean {mean:F4}, sd {sd:F4}, min {min:F4}, max {max:F4} over {finite.Count} scored seeds ({seeds - finite.Count} refused before scoring); " +
            $"D mean {dMean:F4}, sd {dSd:F4}, min {dMin:F4}, max {dMax:F4} over {directions.Count} seeds; " +
            $"{passes}/{seeds} pass the check ({gaps.Count(g => g >= threshold)} at or above the lower threshold {threshold}); threshold {z:F1} sd from the mean (normal model: P(gap < threshold) = {NormalUpperTail(z):G3}); " +
            $"{clock.Elapsed.TotalSeconds / seeds:F1} s per seed"));
        TestContext.Out.WriteLine("gaps: " + string.Join(", ", gaps.Select(g => g.ToString("F4", CultureInfo.InvariantCulture))));
        return decided;
    }

    /// <summary>Q(z) = P(Z &gt; z) for a standard normal Z, by Simpson's rule on [|z|, |z| + 40] (error far below 1e-12 of the value for |z| ≤ 30).</summary>
    private static double NormalUpperTail(double z)
    {
        if (!double.IsFinite(z)) return double.IsNaN(z) ? double.NaN : z > 0 ? 0 : 1;
        double a = Math.Abs(z), b = a + 40;
        const int n = 200_000;
        double h = (b - a) / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double x = a + i * h, w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.Exp(-0.5 * x * x);
        }
        double tail = sum * h / 3 / Math.Sqrt(2 * Math.PI);
        return z >= 0 ? tail : 1 - tail;
    }

    private static T Example<T>(string relative) where T : class
    {
        var folder = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", relative);
        // A cheat (cheat.json, not mutant.json) is laid over the Correct example as the cheat tests lay it.
        var source = relative.StartsWith("Cheats/", StringComparison.Ordinal)
            ? HandinSource.FromFolder(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Correct")).WithOverlay(folder)
            : HandinSource.Load(folder);
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (T)(new HandinInstance(assembly).Resolve(typeof(T)) ?? throw new InvalidOperationException($"{relative} has no {typeof(T).Name}"));
    }
}
