using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using Grader.Reference.Flows.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The learning curve behind the INN training check's budget response (docs/measurements/2026-11-26-inn-training-budget-response.md):
/// per trainer and grading seed (CURVE_SEEDS, default 6), the held-out NLL (reported log-det, all 20,000 held-out events)
/// after 20, 30, 50, 75, 100, 150 and 500 steps of the check's call. Prints only: it shows why no score of the trained
/// flow separates a fifth of the budget from a correct training on a slow seed.
/// </summary>
[Explicit("measurement: seven trainings per seed, minutes")]
public sealed class InnLearningCurveTests
{
    [TestCase("Correct")]
    [TestCase("reference")]
    public void Curve(string trainer)
    {
        IInnTraining training = trainer == "reference" ? new ReferenceInnTraining() : Compile();
        var check = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        int[] budgets = [20, 30, 50, 75, 100, 150, 500];
        var seeds = int.Parse(Environment.GetEnvironmentVariable("CURVE_SEEDS") ?? "6");
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var context = Context(training, check.Id, seed);
            var data = check.DataFor(context);
            var line = new List<string>();
            foreach (var b in budgets)
            {
                var flow = training.Train(data.Features.clone(), b, context.NewGenerator(2));
                var (z, logDet) = flow.Forward(data.HeldOutFeatures.clone());
                var nll = (0.5f * (z * z).sum(1) + (float)(1.5 * Math.Log(2 * Math.PI)) - logDet).mean().item();
                line.Add(nll.ToString("F4", CultureInfo.InvariantCulture));
            }
            TestContext.Progress.WriteLine($"CURVE\t{trainer}\t{seed}\t{string.Join("\t", line)}");
        }
    }

    private static IInnTraining Compile()
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows", "Correct")));
        return (IInnTraining)new HandinInstance(compiled.Assembly!).Resolve(typeof(IInnTraining))!;
    }
}
