using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// Issue 45, items 1 and 3, on sheet 000's INN training check: each training cheat of
/// <c>Submissions/Examples/Flows/Cheats</c> that names <c>flows.heidelberg.inn-training-quality</c> loses the check on
/// every one of <see cref="Seeds"/> grading seeds, and the Correct example passes on every one — the whole decision as
/// graded (<see cref="InnTrainingQuality.Decide"/>: first run, fresh runs when undecided). The cheats: no optimiser step
/// (a closed-form flow), a fifth of the budget at a larger learning rate, every step only below the grading budget,
/// noise in place of the events, latents shrunk on large calls (item 1), the two older training cheats, and the trainers
/// that know the full call (a remapping of the budgets, half the budget above a threshold, a fifth plus the remainder:
/// lost by the count of backward passes, fourth stop of the measurements file). The training variants keep it. The pattern
/// is <c>ImageTrainingCheatsSeedsTests</c>'; the figures per seed are printed. Explicit: each hand-in trains four times
/// a seed (figures: docs/measurements/2026-11-26-inn-training-budget-response.md); <c>CheatHandinsTests</c> grades each
/// cheat on one seed in every run.
/// </summary>
[Explicit("20 seeds × 8 hand-ins × 4 INN trainings: many minutes of CPU")]
public sealed class InnTrainingCheatsSeedsTests
{
    /// <summary>Grading seeds per hand-in.</summary>
    private const int Seeds = 20;

    /// <summary>The check as graded; INN_FRACTIONS="0.10 0.125" draws the smaller budgets from another range (a design measured before it ships).</summary>
    private static readonly InnTrainingQuality Check = new(Environment.GetEnvironmentVariable("INN_FRACTIONS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var low, var high]
        ? InnTrainingQualityBudget.Calibrated with { FractionLow = double.Parse(low, CultureInfo.InvariantCulture), FractionHigh = double.Parse(high, CultureInfo.InvariantCulture) }
        : InnTrainingQualityBudget.Calibrated);

    private static string Family => Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Flows");

    /// <summary>The cheats whose cheat.json names the check.</summary>
    public static IEnumerable<TestCaseData> Cheats() =>
        Directory.EnumerateDirectories(Path.Combine(FamilyFolder(), "Cheats")).Order(StringComparer.Ordinal)
            .Where(folder => File.ReadAllText(Path.Combine(folder, "cheat.json")).Contains(Check.Id, StringComparison.Ordinal))
            .Select(folder => new TestCaseData(Path.GetFileName(folder)).SetName($"INN training cheat {Path.GetFileName(folder)} loses the check on 20 of 20 seeds"));

    private static string FamilyFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found"), "Submissions", "Examples", "Flows");
    }

    [TestCaseSource(nameof(Cheats))]
    public void Cheat_loses_the_check_on_every_seed(string slug)
    {
        var outcomes = Outcomes(Cheat(slug), slug);
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the INN training check on every seed");
    }

    /// <summary>The correct variants whose variant.json names the training contract (gradient accumulation, Adam by hand, …).</summary>
    public static IEnumerable<TestCaseData> TrainingVariants() =>
        Directory.EnumerateDirectories(Path.Combine(FamilyFolder(), "Variants")).Order(StringComparer.Ordinal)
            .Where(folder => File.ReadAllText(Path.Combine(folder, "variant.json")).Contains("\"IInnTraining\"", StringComparison.Ordinal))
            .Select(folder => new TestCaseData(Path.GetFileName(folder)).SetName($"INN training variant {Path.GetFileName(folder)} keeps the check on 20 of 20 seeds"));

    /// <summary>Issue 45 item 6 for the count of backward passes: a valid training written otherwise keeps the check.</summary>
    [TestCaseSource(nameof(TrainingVariants))]
    public void Training_variant_keeps_the_check_on_every_seed(string slug)
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Variants", slug)), slug);
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    [Test]
    public void The_correct_example_keeps_the_check_on_20_of_20_seeds()
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")), "Correct");
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    /// <summary>
    /// Item 1's cheat under the former split (z from one Forward of every held-out event, the Jacobian from the Forward on
    /// batches of 2,000 rows, twelve calls): its NLL read that way is far better than its own flow's (every call of at
    /// most 2,000 rows), and its reported log-determinant agrees with the grader's, so the former check scored it better
    /// than the flow it is. Seeds 1 … 5 (one training each).
    /// </summary>
    [Test]
    public void The_batch_size_cheat_scored_better_under_the_former_split()
    {
        var training = Resolve(Cheat("inn-latents-shrunk-on-large-batches"));
        const int d = 3, m = 2_000;
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var context = new CheckContext(type => type.IsInstanceOfType(training) ? training : null, HandinGrader.CheckSeed(seed, Check.Id), snapshotRoot: "");
            var data = Check.DataFor(context);
            var flow = training.Train(data.Features.clone(), Check.Design.Steps, context.NewGenerator(2));
            var heldOut = data.HeldOutFeatures.contiguous().ToArray();
            var picked = heldOut[..(m * d)];
            var (zLarge, reportedLarge) = flow.Forward(data.HeldOutFeatures.clone());
            var own = FlowJacobian.LogAbsDet(FormerJacobian(flow, picked, m, d), d);
            var zSmall = flow.Forward(torch.tensor(picked, m, d)).Z.contiguous().ToArray();
            var zFirst = zLarge.contiguous().ToArray();
            var reported = reportedLarge.ToDoubleArray();
            double formerNll = 0, honestNll = 0, logDetError = 0;
            for (int i = 0; i < m; i++)
            {
                double large = 0, small = 0;
                for (int j = 0; j < d; j++)
                {
                    large += (double)zFirst[i * d + j] * zFirst[i * d + j];
                    small += (double)zSmall[i * d + j] * zSmall[i * d + j];
                }
                formerNll += (0.5 * large + 1.5 * Math.Log(2 * Math.PI) - own[i]) / m;
                honestNll += (0.5 * small + 1.5 * Math.Log(2 * Math.PI) - own[i]) / m;
                logDetError += Math.Abs(reported[i] - own[i]) / m;
            }
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: NLL under the former split {formerNll:F4}, the flow's own {honestNll:F4}, log-det error {logDetError:G3}"));
            formerNll.Should().BeLessThan(honestNll - 0.2, "the former split read z from the shrunk large call");
            logDetError.Should().BeLessThan(InnTrainingQualityBudget.Calibrated.MaxLogDetError, "the reported log-det was the honest map's");
        }
    }

    /// <summary>The former <c>FlowJacobian.Of</c>: the Richardson central differences from 4·d calls of the map on the n points moved together.</summary>
    private static double[][] FormerJacobian(INormalizingFlow flow, float[] x, int n, int d)
    {
        var jacobians = Enumerable.Range(0, n).Select(_ => new double[d * d]).ToArray();
        foreach (var (h, weight) in new[] { (FlowJacobian.Step, -1.0 / 3), (FlowJacobian.Step / 2, 4.0 / 3) })
            for (int c = 0; c < d; c++)
            {
                var plus = (float[])x.Clone();
                var minus = (float[])x.Clone();
                for (int i = 0; i < n; i++)
                {
                    plus[i * d + c] += h;
                    minus[i * d + c] -= h;
                }
                var up = flow.Forward(torch.tensor(plus, n, d)).Z.contiguous().ToArray();
                var down = flow.Forward(torch.tensor(minus, n, d)).Z.contiguous().ToArray();
                for (int i = 0; i < n; i++)
                    for (int r = 0; r < d; r++)
                        jacobians[i][r * d + c] += weight * ((double)up[i * d + r] - down[i * d + r]) / ((double)plus[i * d + c] - minus[i * d + c]);
            }
        return jacobians;
    }

    private static HandinSource Cheat(string slug) =>
        HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Cheats", slug));

    private static IInnTraining Resolve(HandinSource source)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        return (IInnTraining)new HandinInstance(compiled.Assembly!).Resolve(typeof(IInnTraining))!;
    }

    private static List<(ulong Seed, bool Passed, string Message)> Outcomes(HandinSource source, string name)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var outcomes = new List<(ulong, bool, string)>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // INN_SEEDS="13 14" replays chosen seeds (a failure's); by default seeds 1 … Seeds.
        var seeds = Environment.GetEnvironmentVariable("INN_SEEDS") is { } chosen ? chosen.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToList()
            : Enumerable.Range(1, Seeds).Select(i => (ulong)i).ToList();
        foreach (var seed in seeds)
        {
            var (result, runs) = Check.Decide(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, Check.Id), snapshotRoot: "") { Hidden = true });
            TestContext.Out.WriteLine($"{name} seed {seed}: {(result.Passed ? "passed" : "failed")} after {runs.Count} run(s); first run [{(runs.Count > 0 ? runs[0].ToString() : "no scores: " + result.Message)}]");
            foreach (var fresh in runs.Skip(1)) TestContext.Out.WriteLine($"  fresh run [{fresh}]");
            outcomes.Add((seed, result.Passed, result.Message));
        }

        TestContext.Out.WriteLine($"{name}: lost on {outcomes.Count(o => !o.Item2)} of {seeds.Count} seeds, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of the process's CPU");
        return outcomes;
    }
}
