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
        // CURVE_BUDGETS="15 20 100 125" measures other budgets; CURVE_SEEDS the seed count (from seed 1).
        int[] budgets = Environment.GetEnvironmentVariable("CURVE_BUDGETS") is { } chosen
            ? chosen.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray()
            : [20, 30, 50, 75, 100, 150, 500];
        var seeds = int.Parse(Environment.GetEnvironmentVariable("CURVE_SEEDS") ?? "6", CultureInfo.InvariantCulture);
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

    /// <summary>
    /// The budget response's added CPU per hand-in, side by side in one process (seeds 2 … 4, seed 1 first to warm up;
    /// the same load for all three): the check's run as graded, the same run with the smaller budgets drawn in 0.10 …
    /// 0.125 of the budget (design A of the measurements file, not shipped), and with the smaller budgets at one step
    /// (b = 1: the rest of the run unchanged). Prints the process's CPU of each.
    /// </summary>
    [Test]
    public void Cost_of_the_budget_response()
    {
        var training = Compile();
        var graded = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var tenth = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated with { FractionLow = 0.10, FractionHigh = 0.125 });
        var oneStep = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated with { FractionLow = 0.001, FractionHigh = 0.001 });
        graded.Measure(Context(training, graded.Id, 1));
        for (ulong seed = 2; seed <= 4; seed++)
        {
            var cpu = new List<double>();
            foreach (var check in new[] { graded, tenth, oneStep })
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var (failure, _, _) = check.Measure(Context(training, check.Id, seed));
                failure.Should().BeNull();
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            }
            TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"COST\tseed {seed}\tas graded {cpu[0]:F2} s\tsmaller budgets in 0.10 … 0.125 {cpu[1]:F2} s\tsmaller budgets at one step {cpu[2]:F2} s"));
        }
    }

    private static IInnTraining Compile()
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows", "Correct")));
        return (IInnTraining)new HandinInstance(compiled.Assembly!).Resolve(typeof(IInnTraining))!;
    }
}
