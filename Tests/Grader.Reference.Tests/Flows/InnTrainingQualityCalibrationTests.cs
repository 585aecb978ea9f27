using System.Diagnostics;
using System.Globalization;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using Grader.Reference.Flows.Handin;
using Grader.Remote.Handins;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The calibration of <see cref="InnTrainingQuality"/>: per trainer (the reference, the Correct example, each INN
/// training mutant), step budget and grading seed 1 … 20, the check's six scores (held-out NLL, total variation of pT₁,
/// η₁, η₂, Z peak shift and width ratio) with every interval open; prints each seed's scores, each score's mean, sd and
/// extremes, and the verdict the calibrated intervals (<see cref="InnTrainingQualityBudget.Calibrated"/>) give. A
/// trainer whose flow the check refuses before scoring (non-finite events, a throw) is counted as failing. Run on
/// purpose (minutes); its figures are in Graders/Hidden/README.md.
/// </summary>
[Explicit("calibration: trains an INN per trainer × budget × seed, minutes; prints its figures")]
public sealed class InnTrainingQualityCalibrationTests
{
    /// <summary>The calibrated trainers (20 seeds each) and the training mutants (5 seeds each: they miss by far).</summary>
    private static readonly (string Trainer, int Seeds)[] Trainers =
        [("Correct", 20), ("reference", 20), ("TrainingMutants/inn-training-log-det-sign", 5), ("TrainingMutants/inn-training-too-few-steps", 5), ("TrainingMutants/inn-training-inverse-blocks-forward-order", 5)];

    private static readonly int[] Budgets = [200, 400];

    public static IEnumerable<TestCaseData> Cases() =>
        from steps in Budgets
        from t in Trainers
        select new TestCaseData(t.Trainer, steps, t.Seeds).SetName($"INN-training-quality/{steps}-steps/{t.Trainer}/{t.Seeds}-seeds");

    [TestCaseSource(nameof(Cases))]
    public void Inn_training_quality(string trainer, int steps, int seeds)
    {
        IInnTraining training = trainer == "reference" ? new ReferenceInnTraining() : Example(trainer);
        var calibrated = InnTrainingQualityBudget.Calibrated;
        var open = new InnTrainingQuality(new InnTrainingQuality.Settings(Steps: steps, TrainingEvents: calibrated.TrainingEvents, HeldOut: calibrated.HeldOut, Generated: calibrated.Generated));
        var judge = new InnTrainingQuality(calibrated with { Steps = steps });
        var scores = new List<InnTrainingQuality.InnScores>();
        int passes = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var (failure, s, _) = open.Measure(Context(training, open.Id, seed));
            if (s is null)
            {
                refused++;
                TestContext.Progress.WriteLine($"{trainer}, {steps} steps, seed {seed}: refused before scoring: {failure?.Message}");
                continue;
            }
            scores.Add(s);
            bool pass = judge.Verdict(s).Passed;
            if (pass) passes++;
            TestContext.Progress.WriteLine($"{trainer}, {steps} steps, seed {seed}: {s}; {(pass ? "pass" : "fail")}");
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trainer}, {steps} steps: {passes}/{seeds} pass the calibrated intervals ({refused} refused before scoring); {clock.Elapsed.TotalSeconds / seeds:F1} s per seed"));
        if (scores.Count < 2) return;
        TestContext.Out.WriteLine("  " + Row("NLL", scores.Select(s => s.Nll).ToList()));
        TestContext.Out.WriteLine("  " + Row("NLL (lower side)", scores.Select(s => s.Nll).ToList(), lowerIsWorse: true));
        TestContext.Out.WriteLine("  " + Row("TV pT1", scores.Select(s => s.TvPt1).ToList()));
        TestContext.Out.WriteLine("  " + Row("TV eta1", scores.Select(s => s.TvEta1).ToList()));
        TestContext.Out.WriteLine("  " + Row("TV eta2", scores.Select(s => s.TvEta2).ToList()));
        TestContext.Out.WriteLine("  " + Row("|peak shift| GeV", scores.Select(s => Math.Abs(s.PeakShift)).ToList()));
        TestContext.Out.WriteLine("  " + Row("width ratio", scores.Select(s => s.WidthRatio).ToList()));
        TestContext.Out.WriteLine("  " + Row("width ratio (lower side)", scores.Select(s => s.WidthRatio).ToList(), lowerIsWorse: true));
    }

    private static IInnTraining Example(string relative)
    {
        var source = HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows", relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (IInnTraining)(new HandinInstance(assembly).Resolve(typeof(IInnTraining)) ?? throw new InvalidOperationException($"{relative} has no IInnTraining"));
    }
}
