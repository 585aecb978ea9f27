using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The calibration of the SDE training check's budget response (issue 45, item 3) on the correct trainers (the
/// reference and the Correct example), grading seeds 1 … 20, at each bound's worst case: the improvement from the
/// smaller budget to the full one at the largest fraction (<see cref="SdeTrainingQuality.FractionHigh"/>: the smallest
/// improvement), and the smaller budget's gap at the smallest fraction (<see cref="SdeTrainingQuality.FractionLow"/>: its
/// lowest gap); the ODE check's budget response went with the hand-in's loop (issue 66: the grader trains the parts). Prints mean ± sd [extremes] and each bound's distance in sd; asserts every seed inside every bound (the bounds'
/// derivation: docs/measurements/2026-11-26-ode-sde-training-budget-response.md).
/// </summary>
[Explicit("calibration: 20 seeds × 2 trainers × 3 trainings per check; minutes (SDE: about half an hour under load)")]
public sealed class OdeSdeBudgetResponseCalibrationTests
{
    /// <summary>Grading seeds 1 … this per trainer: 20, or the run parameter <c>seeds</c> (<c>-- TestRunParameters.Parameter(name="seeds", value="8")</c>) when a loaded machine allows fewer.</summary>
    private static int Seeds => TestContext.Parameters.Get("seeds", 20);

    /// <summary>The first grading seed: 1, or the run parameter <c>firstSeed</c>, to resume a calibration a loaded machine stopped (the trainings are deterministic per seed).</summary>
    private static ulong FirstSeed => (ulong)TestContext.Parameters.Get("firstSeed", 1);

    /// <summary>
    /// The SDE's smaller budget's gap at the smallest fraction alone (80 steps, the run's lopsided law), the calibration of
    /// <see cref="SdeTrainingQuality.MinFractionGap"/> without the full budget's training.
    /// </summary>
    [TestCase("reference")]
    [TestCase("Correct")]
    public void Sde_smallest_fraction(string trainer)
    {
        var check = new SdeTrainingQuality();
        ISdeTraining training = trainer == "reference" ? new ReferenceSdeTraining() : Example<ISdeTraining>(trainer);
        int low = (int)Math.Round(SdeTrainingQuality.FractionLow * SdeTrainingQuality.Steps);
        var lowGaps = new List<double>();
        for (ulong seed = FirstSeed; seed <= (ulong)Seeds; seed++)
        {
            var smallest = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), low, out var failure, out _, fraction: 0);
            smallest.Should().NotBeNull(failure?.Message);
            lowGaps.Add(smallest!.Value.Gap);
            TestContext.Progress.WriteLine(Line($"SDE {trainer} seed {seed}: at {low} steps {lowGaps[^1]:F4}"));
        }
        var (gm, gsd, gmin, gmax) = Stats(lowGaps);
        TestContext.Out.WriteLine(Line($"SDE {trainer}: gap at the smallest fraction {gm:F4} ± {gsd:F4} [{gmin:F4}, {gmax:F4}], bound {SdeTrainingQuality.MinFractionGap} at {(gm - SdeTrainingQuality.MinFractionGap) / gsd:F1} sd"));
        lowGaps.Should().OnlyContain(v => v >= SdeTrainingQuality.MinFractionGap, $"SDE {trainer}: the smallest fraction's gap is above its bound on every seed");
    }

    [TestCase("reference")]
    [TestCase("Correct")]
    public void Sde_budget_response(string trainer)
    {
        var check = new SdeTrainingQuality();
        ISdeTraining training = trainer == "reference" ? new ReferenceSdeTraining() : Example<ISdeTraining>(trainer);
        int low = (int)Math.Round(SdeTrainingQuality.FractionLow * SdeTrainingQuality.Steps);
        var (improvements, lowGaps, gaps, directions) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (ulong seed = FirstSeed; seed <= (ulong)Seeds; seed++)
        {
            var call = new HandinCall(check.Id, check.SheetRef);
            var full = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, call, SdeTrainingQuality.Steps, out var failure, out _, fraction: SdeTrainingQuality.FractionHigh);
            full.Should().NotBeNull(failure?.Message);
            var smallest = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, call, low, out failure, out _, fraction: 0);
            smallest.Should().NotBeNull(failure?.Message);
            improvements.Add(full!.Value.Gap - full.Value.FractionGap);
            lowGaps.Add(smallest!.Value.Gap);
            gaps.Add(full.Value.Gap);
            directions.Add(full.Value.TimeDirection);
            TestContext.Progress.WriteLine(Line($"SDE {trainer} seed {seed}: gap {full.Value.Gap:F4}, time direction {full.Value.TimeDirection:F4}, at {full.Value.FractionSteps} steps {full.Value.FractionGap:F4} (se {full.Value.FractionStandardError:F4}), improvement {improvements[^1]:F4}; at {low} steps {lowGaps[^1]:F4}"));
        }
        var (gm, gsd, gmin, gmax) = Stats(gaps);
        var (dm, dsd, dmin, dmax) = Stats(directions);
        TestContext.Out.WriteLine(Line($"SDE {trainer}: gap {gm:F4} ± {gsd:F4} [{gmin:F4}, {gmax:F4}] (threshold {SdeTrainingQuality.Threshold} at {(gm - SdeTrainingQuality.Threshold) / gsd:F1} sd); time direction {dm:F4} ± {dsd:F4} [{dmin:F4}, {dmax:F4}] (threshold {SdeTrainingQuality.TimeDirectionThreshold} at {(dm - SdeTrainingQuality.TimeDirectionThreshold) / dsd:F1} sd)"));
        Summarise($"SDE {trainer}", improvements, SdeTrainingQuality.MinImprovement, lowGaps, SdeTrainingQuality.MinFractionGap, 0.05);
    }

    /// <summary>
    /// The budget response's cost: the check's first run (<c>Evaluate</c>) as graded and without the budget response
    /// (fraction 0: the work of the check before it), alternately in this process on the Correct example, seeds 2–4 (seed 1
    /// first, untimed: compilation and warm-up). Prints the process's CPU of each; asserts nothing about time.
    /// </summary>
    [TestCase("SDE")]
    public void Budget_response_cost(string model)
    {
        var sde = new SdeTrainingQuality();
        var sdeTraining = Example<ISdeTraining>("Correct");
        bool Run(ulong seed, double fraction) =>
            SdeTrainingQuality.Evaluate(Context(sdeTraining, sde.Id, seed), sdeTraining, new HandinCall(sde.Id, sde.SheetRef), SdeTrainingQuality.Steps, out _, out _, fraction: fraction) is not null;
        Run(1, double.NaN).Should().BeTrue();
        foreach (var seed in new ulong[] { 2, 3, 4 })
        {
            var times = new Dictionary<string, double>();
            foreach (var (name, fraction) in new[] { ("with", double.NaN), ("without", 0.0) })
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                Run(seed, fraction).Should().BeTrue();
                times[name] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            }
            TestContext.Out.WriteLine(Line($"{model} seed {seed}: with the budget response {times["with"]:F2} s CPU, without {times["without"]:F2} s"));
        }
    }

    private static void Summarise(string name, List<double> improvements, double minImprovement, List<double> lowGaps, double minFractionGap, double maxGap)
    {
        var (im, isd, imin, imax) = Stats(improvements);
        var (gm, gsd, gmin, gmax) = Stats(lowGaps);
        TestContext.Out.WriteLine(Line($"{name}: improvement at the largest fraction {im:F4} ± {isd:F4} [{imin:F4}, {imax:F4}], bound {minImprovement} at {(im - minImprovement) / isd:F1} sd; gap at the smallest fraction {gm:F4} ± {gsd:F4} [{gmin:F4}, {gmax:F4}], bound {minFractionGap} at {(gm - minFractionGap) / gsd:F1} sd"));
        improvements.Should().OnlyContain(v => v >= minImprovement, $"{name}: the full budget improves on the largest fraction by at least the bound on every seed");
        lowGaps.Should().OnlyContain(v => v >= minFractionGap && v <= maxGap, $"{name}: the smallest fraction's gap is within its bounds on every seed");
    }

    private static string Line(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static T Example<T>(string relative) where T : class
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", relative)));
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (T)(new HandinInstance(assembly).Resolve(typeof(T)) ?? throw new InvalidOperationException($"{relative} has no {typeof(T).Name}"));
    }
}
