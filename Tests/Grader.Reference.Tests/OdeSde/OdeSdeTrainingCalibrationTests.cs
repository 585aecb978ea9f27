using System.Diagnostics;
using System.Globalization;
using Grader.Checks.Checking;
using Grader.Checks.Handins;
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
    private static readonly string[] OdeTrainers = ["reference", "Correct", "Mutants/training-trace-sign", "Mutants/training-trace-detached"];
    private static readonly string[] SdeTrainers = ["reference", "Correct", "Mutants/sde-training-without-drift-term", "Mutants/sde-training-without-prior-term"];

    /// <summary>Each trainer over 20 seeds (the calibration) and over 3 (a quick look under load).</summary>
    public static IEnumerable<TestCaseData> OdeCases() => Cases("ODE", OdeTrainers);

    public static IEnumerable<TestCaseData> SdeCases() => Cases("SDE", SdeTrainers);

    private static IEnumerable<TestCaseData> Cases(string model, string[] trainers) =>
        from seeds in new[] { 20, 3 }
        from trainer in trainers
        select new TestCaseData(trainer, seeds).SetName($"{model}-training-quality/{trainer}/{seeds}-seeds");

    [TestCaseSource(nameof(OdeCases))]
    public void Ode_training_quality(string trainer, int seeds)
    {
        var check = new OdeTrainingQuality();
        IOdeTraining training = trainer == "reference" ? new ReferenceOdeTraining() : Example<IOdeTraining>(trainer);
        Report($"ODE, {trainer}, {OdeTrainingQuality.Steps} steps", seeds, OdeTrainingQuality.Threshold, seed =>
        {
            var outcome = OdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), out _);
            return outcome?.Gap ?? double.NegativeInfinity;
        });
    }

    [TestCaseSource(nameof(SdeCases))]
    public void Sde_training_quality(string trainer, int seeds)
    {
        var check = new SdeTrainingQuality();
        ISdeTraining training = trainer == "reference" ? new ReferenceSdeTraining() : Example<ISdeTraining>(trainer);
        Report($"SDE, {trainer}, {SdeTrainingQuality.Steps} steps", seeds, SdeTrainingQuality.Threshold, seed =>
        {
            var outcome = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), SdeTrainingQuality.Steps, out _);
            return outcome?.Gap ?? double.NegativeInfinity;
        });
    }

    private static void Report(string name, int seeds, double threshold, Func<ulong, double> gapOf)
    {
        var gaps = new List<double>();
        var clock = Stopwatch.StartNew();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            gaps.Add(gapOf(seed));
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, seed {seed}: gap {gaps[^1]:F4}"));
        }
        var finite = gaps.Where(double.IsFinite).ToList();
        var (mean, sd, min, max) = finite.Count > 0 ? Stats(finite) : (double.NaN, double.NaN, double.NaN, double.NaN);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: gap mean {mean:F4}, sd {sd:F4}, min {min:F4}, max {max:F4} over {finite.Count} scored seeds ({seeds - finite.Count} refused before scoring); " +
            $"{gaps.Count(g => g >= threshold)}/{seeds} pass the threshold {threshold}; {clock.Elapsed.TotalSeconds / seeds:F1} s per seed"));
    }

    private static T Example<T>(string relative) where T : class
    {
        var source = HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (T)(new HandinInstance(assembly).Resolve(typeof(T)) ?? throw new InvalidOperationException($"{relative} has no {typeof(T).Name}"));
    }
}
