using System.Diagnostics;
using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.Ode;
using Grader.Contracts.Sde;
using Grader.Reference.Ode.Handin;
using Grader.Reference.Sde.Handin;
using Grader.Remote.Handins;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The calibration of the two hidden training checks: per trainer (the reference, the Correct example, each training
/// mutant) and grading seed (a trainer whose model the check refuses, e.g. a dishonest PartialX, counts as −∞), the check's statistic (held-out log-likelihood or ELBO minus the data's expected
/// log-likelihood) under the check's own budget, with the verdict its threshold gives; prints mean, sd, extremes and
/// the pass count. Run on purpose (minutes); its figures are in Graders/Hidden/README.md.
/// </summary>
[Explicit("calibration: trains 4 × seeds networks per check, minutes; prints its figures")]
public sealed class OdeSdeTrainingCalibrationTests
{
    private static readonly string[] OdeTrainers = ["reference", "Correct", "Mutants/training-trace-sign", "Mutants/training-trace-detached",
        "Mutants/training-fifth-of-budget", "Mutants/ode-training-time-reversed", "Cheats/ode-trace-honest-only-at-probe-size"];
    private static readonly string[] SdeTrainers = ["reference", "Correct", "Mutants/sde-training-without-drift-term", "Mutants/sde-training-without-prior-term",
        "Mutants/sde-training-prior-term-sign", "Mutants/sde-training-score-term-sign", "Mutants/sde-training-fifth-of-budget",
        "Cheats/sde-partials-honest-only-at-probe-size"];

    /// <summary>Each trainer over 20 seeds (the calibration) and over 3 (a quick look under load).</summary>
    public static IEnumerable<TestCaseData> OdeCases() => Cases("ODE", OdeTrainers);

    public static IEnumerable<TestCaseData> SdeCases() => Cases("SDE", SdeTrainers);

    /// <summary>The ODE budget search: each trainer over 20 seeds under the check's budget of 32 steps and others (the gap's
    /// side only; the time-direction probe and the whole verdict: benchmark <c>training-power --steps K</c>).</summary>
    public static IEnumerable<TestCaseData> OdeBudgetCases() =>
        from steps in OdeBudgets
        from trainer in OdeTrainers
        select new TestCaseData(trainer, steps).SetName($"ODE-training-budget/{steps}-steps/{trainer}");

    private static readonly int[] OdeBudgets = [48, 32, 24, 12];

    /// <summary>Fewer seeds for the budget search under load (the check's pass rule, both sides).</summary>
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
        Report($"ODE, {trainer}, {steps} steps", seeds, OdeTrainingQuality.Threshold, seed =>
        {
            var outcome = OdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), steps, out var failure);
            if (failure is not null) TestContext.Progress.WriteLine($"  refused: {failure.Message}");
            double gap = outcome?.Gap ?? double.NegativeInfinity;
            return (gap, gap >= OdeTrainingQuality.Threshold && gap <= OdeTrainingQuality.MaxGap);
        });
    }

    [TestCaseSource(nameof(SdeCases))]
    public void Sde_training_quality(string trainer, int seeds)
    {
        var check = new SdeTrainingQuality();
        ISdeTraining training = trainer == "reference" ? new ReferenceSdeTraining() : Example<ISdeTraining>(trainer);
        Report($"SDE, {trainer}, {SdeTrainingQuality.Steps} steps", seeds, SdeTrainingQuality.Threshold, seed =>
        {
            var outcome = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), SdeTrainingQuality.Steps, out var failure, out var se);
            if (failure is not null) TestContext.Progress.WriteLine($"  refused: {failure.Message}");
            double gap = outcome?.Gap ?? double.NegativeInfinity;
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  se {se:F4}, upper bound {SdeTrainingQuality.MaxGap(se):F4}"));
            return (gap, gap <= SdeTrainingQuality.MaxGap(se));
        }, SdeDecision);
    }

    /// <summary>
    /// The SDE check's lower side as it decides (clearly good, clearly bad, or the mean of three fresh runs), the fresh
    /// runs stood in for by the next three seeds' gaps (cyclic): independent runs of the same trainer, as the check's are.
    /// </summary>
    private static bool SdeDecision(IReadOnlyList<double> gaps, int i)
    {
        double g = gaps[i];
        if (g >= SdeTrainingQuality.Threshold) return true;
        if (!(g >= SdeTrainingQuality.ClearlyBad)) return false;
        var fresh = Enumerable.Range(1, IndifferenceZone.FreshRuns).Select(k => gaps[(i + k) % gaps.Count]).ToList();
        return fresh.Average() >= SdeTrainingQuality.FreshThreshold;
    }

    /// <param name="passedUpper">A seed's gap and whether it passes everything but the lower decision (for the ODE: the whole check).</param>
    /// <param name="lowerDecision">The lower side's decision from all seeds' gaps and the seed's index; null: gap ≥ threshold.</param>
    private static void Report(string name, int seeds, double threshold, Func<ulong, (double Gap, bool Passed)> gapOf, Func<IReadOnlyList<double>, int, bool>? lowerDecision = null)
    {
        var gaps = new List<double>();
        var uppers = new List<bool>();
        int passes = 0;
        var clock = Stopwatch.StartNew();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var (gap, passed) = gapOf(seed);
            gaps.Add(gap);
            uppers.Add(passed);
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, seed {seed}: gap {gaps[^1]:F4}"));
        }
        for (int i = 0; i < gaps.Count; i++)
            if (uppers[i] && (lowerDecision?.Invoke(gaps, i) ?? gaps[i] >= threshold)) passes++;
        var finite = gaps.Where(double.IsFinite).ToList();
        var (mean, sd, min, max) = finite.Count > 0 ? Stats(finite) : (double.NaN, double.NaN, double.NaN, double.NaN);
        var z = (mean - threshold) / sd;
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: gap mean {mean:F4}, sd {sd:F4}, min {min:F4}, max {max:F4} over {finite.Count} scored seeds ({seeds - finite.Count} refused before scoring); " +
            $"{passes}/{seeds} pass the check (both sides; {gaps.Count(g => g >= threshold)} at or above the lower threshold {threshold}); threshold {z:F1} sd from the mean (normal model: P(gap < threshold) = {NormalUpperTail(z):G3}); " +
            $"{clock.Elapsed.TotalSeconds / seeds:F1} s per seed"));
        TestContext.Out.WriteLine("gaps: " + string.Join(", ", gaps.Select(g => g.ToString("F4", CultureInfo.InvariantCulture))));
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
