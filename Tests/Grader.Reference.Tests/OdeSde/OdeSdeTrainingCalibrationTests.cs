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
/// mutant) and grading seed, the check's statistic (held-out log-likelihood or ELBO minus the data's expected
/// log-likelihood) under the check's own budget, with the verdict its threshold gives; prints mean, sd, extremes and
/// the pass count. Run on purpose (minutes); its figures are in Graders/Hidden/README.md.
/// </summary>
[Explicit("calibration: trains 4 × seeds networks per check, minutes; prints its figures")]
public sealed class OdeSdeTrainingCalibrationTests
{
    [TestCase(20)]
    public void Ode_training_quality(int seeds)
    {
        var check = new OdeTrainingQuality();
        var trainers = new (string Name, IOdeTraining Training)[]
        {
            ("reference", new ReferenceOdeTraining()),
            ("Correct example", Example<IOdeTraining>("Correct")),
            ("mutant training-trace-sign", Example<IOdeTraining>("Mutants/training-trace-sign")),
            ("mutant training-trace-detached", Example<IOdeTraining>("Mutants/training-trace-detached")),
        };
        foreach (var (name, training) in trainers)
            Report(name, seeds, OdeTrainingQuality.Threshold, seed =>
            {
                var outcome = OdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), out var failure);
                return outcome?.Gap ?? throw new AssertionException(failure!.Message);
            });
    }

    [TestCase(20, SdeTrainingQuality.Steps)]
    public void Sde_training_quality(int seeds, int steps)
    {
        var check = new SdeTrainingQuality();
        var trainers = new (string Name, ISdeTraining Training)[]
        {
            ("reference", new ReferenceSdeTraining()),
            ("Correct example", Example<ISdeTraining>("Correct")),
            ("mutant sde-training-without-drift-term", Example<ISdeTraining>("Mutants/sde-training-without-drift-term")),
            ("mutant sde-training-without-prior-term", Example<ISdeTraining>("Mutants/sde-training-without-prior-term")),
        };
        foreach (var (name, training) in trainers)
            Report($"{name}, {steps} steps", seeds, SdeTrainingQuality.Threshold, seed =>
            {
                var outcome = SdeTrainingQuality.Evaluate(Context(training, check.Id, seed), training, new HandinCall(check.Id, check.SheetRef), steps, out var failure);
                return outcome?.Gap ?? throw new AssertionException(failure!.Message);
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
        var (mean, sd, min, max) = Stats(gaps);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: gap mean {mean:F4}, sd {sd:F4}, min {min:F4}, max {max:F4}; {gaps.Count(g => g >= threshold)}/{seeds} pass the threshold {threshold}; {clock.Elapsed.TotalSeconds / seeds:F1} s per seed"));
    }

    private static T Example<T>(string relative) where T : class
    {
        var source = HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde", relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (T)(new HandinInstance(assembly).Resolve(typeof(T)) ?? throw new InvalidOperationException($"{relative} has no {typeof(T).Name}"));
    }
}
