using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using Grader.Reference.Flows.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The whole decision of <see cref="InnTrainingQuality"/> (first run, fresh runs when undecided, on the law drawn for
/// each grading seed) for one hand-in over grading seeds 1 … 20 (<c>INN_SEEDS="a b …"</c> picks others): the Correct
/// example, the reference's parts and every legitimate INN (<c>Submissions/Examples/Flows/Legit</c>) must pass on every
/// seed, the closed form of the printed law and the gradient side channel must fail on every seed (issue 79 items 3, 4 and 6). Prints each seed's
/// verdict, the first run's scores and the reference's. Minutes per hand-in: run on purpose, under <c>nice</c>; the
/// figures are in docs/measurements/2026-11-29-inn-legit-and-drawn-law.md.
/// </summary>
[Explicit("sweep: the INN check's whole decision over 20 grading seeds, minutes a hand-in")]
public sealed class InnWholeDecisionSweep
{
    public static IEnumerable<TestCaseData> Handins() =>
        new[] { "Correct", "reference", "Cheats/inn-training-closed-form-of-the-printed-law", "Cheats/inn-training-gradient-side-channel" }
            .Concat(LegitNames().Select(n => "Legit/" + n))
            .Select(h => new TestCaseData(h).SetName($"INN-whole-decision/{h}"));

    /// <summary>Every legitimate INN under Submissions/Examples/Flows/Legit, by folder.</summary>
    public static IEnumerable<string> LegitNames() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows", "Legit")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>
    /// The check's CPU on the Correct example with the drawn law and with the generator's own (main's data), interleaved
    /// per grading seed (<c>INN_SEEDS</c>, default 1 … 5) in one process after a warm-up: the process CPU time of each
    /// decision, summed. Prints the figures; asserts nothing about time (the figures are in the measurements file).
    /// </summary>
    [Test]
    public void Cpu_with_and_without_the_drawn_law()
    {
        var parts = InnTrainingQualityCalibrationTests.Example("Correct");
        var drawn = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var printed = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated with { DrawnLaw = false });
        var seeds = (Environment.GetEnvironmentVariable("INN_SEEDS") ?? "1 2 3 4 5").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList();
        drawn.Decide(Context(parts, drawn.Id, 999));
        printed.Decide(Context(parts, printed.Id, 999));
        double Cpu(InnTrainingQuality check, ulong seed)
        {
            var process = System.Diagnostics.Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            var (result, runs) = check.Decide(Context(parts, check.Id, seed));
            process.Refresh();
            var cpu = (process.TotalProcessorTime - before).TotalSeconds;
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU\t{(check.Design.DrawnLaw ? "drawn" : "printed")}\t{seed}\t{cpu:F2}\t{runs.Count}\t{result.Passed}"));
            return cpu;
        }
        double sumDrawn = 0, sumPrinted = 0;
        foreach (var seed in seeds)
        {
            sumPrinted += Cpu(printed, seed);
            sumDrawn += Cpu(drawn, seed);
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU over {seeds.Count} seeds: printed law {sumPrinted:F1} s, drawn law {sumDrawn:F1} s, ratio {sumDrawn / sumPrinted:F2}"));
        sumDrawn.Should().BePositive();
    }

    /// <summary>The bounds of main 555f4a9c (before 2026-11-29): clearly bad NLL 4.24, TV η 0.16, |peak shift| 0.66, width ratio 10.2; every fresh-run bound at its clearly-good one.</summary>
    public static InnTrainingQuality.Settings MainBounds { get; } = InnTrainingQualityBudget.Calibrated with
    {
        Nll = new("held-out NLL", 3.80, 3.80, 4.24),
        TvEta = new("TV η", 0.11, 0.11, 0.16),
        PeakShift = new("|Z peak shift| (GeV)", 0.44, 0.44, 0.66),
        WidthRatio = new("Z peak width ratio", 8.0, 8.0, 10.2),
        TvPairRapidity = new("TV y(μμ)", 0.12, 0.12, 0.20),
    };

    /// <summary>
    /// The check's CPU under main's bounds and under this stop's, side by side per grading seed (<c>INN_SEEDS</c>, default
    /// 7 1 2), in one process after a warm-up, on the Correct example and on each Flows mutant of the INN or its coupling
    /// block (a cohort grades those on the INN check too, though <c>ExampleHandinsTests</c> does not): the process CPU of
    /// each whole decision and the trainings it took. The bounds change only the decision of a first run beyond a
    /// clearly-good bound, so the two differ only where a first run lands between main's clearly-bad bound and this
    /// stop's (one training before, four now). Prints the figures; asserts only that both decided.
    /// </summary>
    [Test]
    public void Cpu_with_the_bounds_of_main_and_of_this_stop()
    {
        var mutants = Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows", "Mutants"))
            .Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith("coupling-", StringComparison.Ordinal) || (n.StartsWith("inn-", StringComparison.Ordinal) && !n.StartsWith("inn-parts-", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).Select(n => "Mutants/" + n);
        var seeds = (Environment.GetEnvironmentVariable("INN_SEEDS") ?? "7 1 2").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var main = new InnTrainingQuality(MainBounds);
        var now = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var correct = InnTrainingQualityCalibrationTests.Example("Correct");
        now.Decide(Context(correct, now.Id, 999));
        double sumMain = 0, sumNow = 0;
        foreach (var handin in mutants.Prepend("Correct"))
        {
            var parts = handin == "Correct" ? correct : InnTrainingQualityCalibrationTests.Example(handin);
            foreach (var seed in seeds)
                foreach (var (name, check) in new[] { ("main", main), ("now", now) })
                {
                    var process = System.Diagnostics.Process.GetCurrentProcess();
                    var before = process.TotalProcessorTime;
                    var (result, runs) = check.Decide(Context(parts, check.Id, seed));
                    process.Refresh();
                    var cpu = (process.TotalProcessorTime - before).TotalSeconds;
                    if (name == "main") sumMain += cpu; else sumNow += cpu;
                    TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"CPU\t{handin}\t{seed}\t{name}\t{cpu:F2}\t{Math.Max(1, runs.Count)}\t{(result.Passed ? "pass" : "fail")}\t{(runs.Count > 0 ? runs[0].ToString() : result.Message)}"));
                    result.Message.Should().NotBeNullOrEmpty();
                }
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU over {seeds.Count} seeds: main's bounds {sumMain:F1} s, this stop's {sumNow:F1} s, ratio {sumNow / sumMain:F2}"));
    }

    [TestCaseSource(nameof(Handins))]
    public void Whole_decision_over_20_seeds(string handin)
    {
        IInnTrainingParts parts = handin == "reference" ? new ReferenceInnTrainingParts() : InnTrainingQualityCalibrationTests.Example(handin);
        var check = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var seeds = (Environment.GetEnvironmentVariable("INN_SEEDS") ?? string.Join(' ', Enumerable.Range(1, 20)))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var passed = new List<ulong>();
        var trainings = 0;
        foreach (var seed in seeds)
        {
            var (result, runs) = check.Decide(Context(parts, check.Id, seed));
            trainings += Math.Max(1, runs.Count);
            if (result.Passed) passed.Add(seed);
            TestContext.Progress.WriteLine($"SWEEP\t{handin}\t{seed}\t{(result.Passed ? "pass" : "fail")}\t{runs.Count} run(s)\t{(runs.Count > 0 ? runs[0].ToString() : "")}\t{result.Message}");
            for (int r = 0; r < runs.Count; r++)
            {
                var s = runs[r];
                TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RUN\t{handin}\t{seed}\t{r}\t{s.Nll:R}\t{s.TvPt1:R}\t{s.TvEta1:R}\t{s.TvEta2:R}\t{s.PeakShift:R}\t{s.WidthRatio:R}\t{s.NonFinite:R}\t{s.RoundTrip:R}\t{s.HeldOutRoundTrip:R}\t{s.LogDetError:R}\t{s.Perturbation:R}\t{s.Copied:R}\t{s.TvPairRapidity:R}\t{s.TrainTime.TotalSeconds:F1}"));
            }
        }
        TestContext.Out.WriteLine($"{handin}: passed {passed.Count}/{seeds.Count}; {(double)trainings / seeds.Count:F2} trainings a hand-in");
        if (handin.StartsWith("Cheats/", StringComparison.Ordinal)) passed.Should().BeEmpty($"{handin} must fail on every seed");
        else passed.Should().HaveCount(seeds.Count, $"{handin} must pass on every seed");
    }
}
