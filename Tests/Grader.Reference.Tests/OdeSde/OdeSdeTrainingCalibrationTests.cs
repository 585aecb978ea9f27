using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The calibration of the two hidden training checks: per trainer (the reference, the Correct example, each training
/// mutant and cheat) and grading seed (a trainer whose model the check refuses, e.g. a dishonest PartialX, counts as −∞), the check's statistics
/// under its budget (the gap: held-out log-likelihood or ELBO minus the data's expected log-likelihood; and the
/// time-direction probe D) and the check's verdict, decided as the check decides (the fresh runs of an undecided first
/// run stood in for by the next three seeds' statistics, cyclic, as the benchmark <c>training-power</c> does); prints
/// mean, sd, extremes and the pass count. Run on purpose (minutes); its figures are in Graders/Hidden/README.md and the
/// checks' remarks. Asserts the calibration's goal at the check's budget (<see cref="OdeTrainingQuality.Steps"/>,
/// <see cref="SdeTrainingQuality.Steps"/>): the reference and the Correct example pass on every seed, each training
/// mutant and cheat is caught on at least 19 of 20 seeds (the same share of fewer); and, at every budget of the ODE
/// budget search, what holds whatever the budget: the cheat is refused on every seed and no scored gap is above the
/// upper bound (<see cref="OdeTrainingQuality.MaxGap"/>: a normalised density fitted without the held-out points
/// exceeds it with probability ≤ e^(−50)).
/// </summary>
[Explicit("calibration: trains 4 × seeds networks per check, minutes; prints its figures and asserts the calibration's goal")]
public sealed class OdeSdeTrainingCalibrationTests
{
    private static readonly string[] OdeTrainers = ["reference", "Correct", "Mutants/training-trace-sign", "Mutants/training-trace-detached",
        "Mutants/training-fifth-of-budget", "Mutants/ode-training-time-reversed", "Cheats/ode-trace-honest-only-at-probe-size"];
    private static readonly string[] SdeTrainers = ["reference", "Correct", "Mutants/sde-training-without-drift-term", "Mutants/sde-training-without-prior-term",
        "Mutants/sde-training-prior-term-sign", "Mutants/sde-training-score-term-sign", "Mutants/sde-training-fifth-of-budget",
        "Mutants/sde-training-time-reversed", "Cheats/sde-partials-honest-only-at-probe-size"];

    /// <summary>Each trainer over 20 seeds (the calibration) and over 3 (a quick look under load).</summary>
    public static IEnumerable<TestCaseData> OdeCases() => Cases("ODE", OdeTrainers);

    public static IEnumerable<TestCaseData> SdeCases() => Cases("SDE", SdeTrainers);

    /// <summary>The ODE budget search: each trainer over 20 seeds under the check's budgets (48 and 52 steps) and others (the
    /// whole verdict as the check decides; the same figures: benchmark <c>training-power --model ode --steps K</c>).</summary>
    public static IEnumerable<TestCaseData> OdeBudgetCases() =>
        from steps in OdeBudgets
        from trainer in OdeTrainers
        select new TestCaseData(trainer, steps).SetName($"ODE-training-budget/{steps}-steps/{trainer}");

    private static readonly int[] OdeBudgets = [56, 52, 48, 44, 32, 24, 12];

    /// <summary>Fewer seeds for the budget search under load.</summary>
    public static IEnumerable<TestCaseData> OdeShortBudgetCases() =>
        from steps in OdeBudgets
        from trainer in OdeTrainers
        select new TestCaseData(trainer, steps).SetName($"ODE-training-budget-5-seeds/{steps}-steps/{trainer}");

    [TestCaseSource(nameof(OdeShortBudgetCases))]
    public void Ode_training_budget_short(string trainer, int steps) => OdeReport(trainer, 5, steps);

    private static IEnumerable<TestCaseData> Cases(string model, string[] trainers) =>
        from seeds in new[] { 20, 3 }
        from trainer in trainers
        select new TestCaseData(trainer, seeds).SetName($"{model}-training-quality/{trainer}/{seeds}-seeds");

    [TestCaseSource(nameof(OdeCases))]
    public void Ode_training_quality(string trainer, int seeds) => OdeReport(trainer, seeds, OdeTrainingQuality.Steps);

    [TestCaseSource(nameof(OdeBudgetCases))]
    public void Ode_training_budget(string trainer, int steps) => OdeReport(trainer, 20, steps);

    private static void OdeReport(string trainer, int seeds, int steps)
    {
        var check = new OdeTrainingQuality();
        IOdeTraining training = trainer == "reference" ? new ReferenceOdeTraining() : Example<IOdeTraining>(trainer);
        var seedsRun = Report($"ODE, {trainer}, {steps} steps", seeds, OdeTrainingQuality.Threshold, seed =>
        {
            var outcome = OdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), steps, out var failure);
            if (failure is not null) TestContext.Progress.WriteLine($"  refused: {failure.Message}");
            else if (outcome is { } o) TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mirror share {o.MirrorShare:F4}, smaller budget {o.FractionSteps} steps: gap {o.FractionGap:F4}, improvement {o.Gap - o.FractionGap:F4}"));
            double gap = outcome?.Gap ?? double.NegativeInfinity;
            return new Seed(gap, outcome?.TimeDirection ?? double.NaN, gap >= OdeTrainingQuality.Threshold && gap <= OdeTrainingQuality.MaxGap, outcome is null);
        }, OdeDirectionSide);

        // Whatever the budget: the cheat's dishonest ∂f/∂x is refused before any score, and no scored gap is above the
        // upper bound (Markov: P(mean log q/p ≥ 0.05) ≤ e^(−50) for a normalised density fitted without the held-out points).
        if (trainer.StartsWith("Cheats/", StringComparison.Ordinal))
            seedsRun.Should().OnlyContain(s => s.Refused, $"{trainer} must be refused before scoring on every seed, at {steps} steps as at the check's budget");
        seedsRun.Should().NotContain(s => !s.Refused && s.Gap > OdeTrainingQuality.MaxGap, $"no {trainer} model fitted without the held-out points beats the data's own density by more than {OdeTrainingQuality.MaxGap}");
        if (steps == OdeTrainingQuality.Steps) AssertCalibrationGoal("ODE", trainer, seedsRun);
    }

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

    /// <summary>The ODE check's time-direction probe (computed only when the gap is in its band): the first run's D passes,
    /// fails when clearly reversed, or else the mean D of the fresh runs (the next three seeds') must reach the threshold.</summary>
    private static bool OdeDirectionSide(IReadOnlyList<Seed> seeds, int i)
    {
        double d = seeds[i].Direction;
        if (d >= OdeTrainingQuality.TimeDirectionThreshold) return true;
        if (!OdeTrainingQuality.DirectionUndecided(d)) return false;
        return Fresh(seeds, i).Average(s => s.Direction) >= OdeTrainingQuality.TimeDirectionThreshold;
    }

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

    /// <summary>
    /// The honesty probe on one seed's first model of a trainer (the note's "Eighth stop", item 2: hsweep saw the
    /// mutant <c>training-trace-sign</c>, whose PartialX is autograd's, refused as dishonest on seeds 1 and 16): the
    /// model trained as the check's first call trains it (the run's law, data, generator and first drawn budget), the
    /// probe's verdict, and at the probe's worst point the reported PartialX against central differences of its Forward
    /// (float32 arguments, differences in double) over steps from 1e-2 to 1e-5, with the rule's allowance at each, and the
    /// third derivative from a five-point stencil (the truncation f‴h²/6 the rule bounds by its constant).
    /// </summary>
    [TestCase("Mutants/training-trace-sign", 1UL)]
    [TestCase("Mutants/training-trace-sign", 16UL)]
    [TestCase("Correct", 1UL)]
    public void Ode_honesty_probe_on_a_first_model(string trainer, ulong seed)
    {
        var check = new OdeTrainingQuality();
        var training = Example<IOdeTraining>(trainer);
        var context = Context(training, check.Id, seed);
        var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt));
        var train = law.Set.Generate(1000, context.NewGenerator(0xDA7A)).Data;
        int budget = OdeTrainingQuality.DrawBudgets(context.NewGenerator(OdeTrainingQuality.OrderSalt))[0];
        var drift = training.Train(train.clone(), budget, context.NewGenerator(0x7));
        var (probeX, probeT) = TrainedNetworkHonesty.Probe(context.NewGenerator(0x9B0E));
        TestContext.Out.WriteLine($"{trainer} seed {seed}, budget {budget}, probe of {probeX.shape[0]} points at t = {probeT.ToDoubleArray()[0]:F4}: " +
            (TrainedNetworkHonesty.Check(drift, "The trained drift", probeX, probeT, inX: true, inT: false, context.NewGenerator(0x5CA1E0)) ?? "honest"));
        var xs = probeX.ToDoubleArray();
        float t = (float)probeT.ToDoubleArray()[0];
        double F(double x) => drift.Forward(tensor(new[] { (float)x }, 1, 1), tensor(new[] { t }, 1, 1)).item();
        double[] hs = [1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 2e-5, 1e-5];
        var worst = xs.Select(x =>
        {
            double reported = drift.PartialX(tensor(new[] { (float)x }, 1, 1), tensor(new[] { t }, 1, 1)).item();
            return (x, reported, miss: hs.Max(h => Math.Abs(reported - (F(x + h) - F(x - h)) / ((double)(float)(x + h) - (float)(x - h)))));
        }).MaxBy(p => p.miss);
        double x0 = worst.x, r = worst.reported, f0 = F(x0), H = 2e-2;
        double third = (F(x0 + 2 * H) - 2 * F(x0 + H) + 2 * F(x0 - H) - F(x0 - 2 * H)) / (2 * H * H * H);
        TestContext.Out.WriteLine($"  worst point x = {x0:F5}: f = {f0:G6}, reported PartialX {r:G6}, f‴ ≈ {third:G4} (five points, h = {H})");
        foreach (double h in hs)
        {
            double up = F(x0 + h), down = F(x0 - h), taken = ((double)(float)(x0 + h) - (float)(x0 - h)) / 2, d = (up - down) / (2 * taken);
            double rounding = 64 * Math.Pow(2, -24) * (Math.Clamp(Math.Abs(up), 1, TrainedNetworkHonesty.ValueCap) + Math.Clamp(Math.Abs(down), 1, TrainedNetworkHonesty.ValueCap)) / (2 * taken);
            double allowance = TrainedNetworkHonesty.Relative * (1 + Math.Abs(d)) + rounding + TrainedNetworkHonesty.Curvature * h * h;
            TestContext.Out.WriteLine($"  h {h:E1}: difference {d:G7}, reported − difference {r - d:+0.00000;-0.00000}, allowance {allowance:F5} (truncation term {TrainedNetworkHonesty.Curvature * h * h:F5}, rounding {rounding:F5}), f‴h²/6 {third * h * h / 6:+0.00000;-0.00000}");
        }
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
