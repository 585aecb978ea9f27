using FluentAssertions;
using Grader.Checks.Catalog;
using Grader.Checks.Checking;
using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Metrics.Statistics;
using Grader.Remote.Handins;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// "The statistical checks, run on the correct example under 200 different seeds, never fail": the compiled
/// Submissions/Examples/Diffusion/Correct against every statistical diffusion check, once per seed. By design the two tests with
/// a random outcome (DtuSamplerFollowsOracleLaw, ReverseStepHasPosteriorVariance) fail a correct hand-in with
/// probability at most 1e-6 per run (<see cref="FalseFailBudget.DefaultRate"/>), so at most 2 × 200 × 1e-6 = 4e-4 for the
/// whole 200-seed run; the others (shared noise, DDIM determinism, interpolation through the grader's DDIM) are
/// deterministic and cannot fail a correct hand-in. The 1200 check runs take about 45 s on 2 cores.
/// </summary>
public class CorrectExampleSeedsTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found");
    }

    private static ICheck[] StatisticalChecks() =>
    [
        new DtuSamplerFollowsOracleLaw(),
        new ReverseStepHasPosteriorVariance(),
        new SameNoiseIsShared(),
        new DdimEtaZeroIsDeterministic(),
        new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1b),
        new InterpolationTrajectoryIsSmooth(InterpolationTrajectoryIsSmooth.Exercise1e),
    ];

    [Test]
    public void The_statistical_checks_pass_the_correct_example_under_200_seeds() => Run(200);

    private static void Run(int seeds)
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", "Diffusion", "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var snapshots = Path.Combine(Root, "fixtures", "snapshots");
        var failures = new List<string>();
        int runs = 0;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            foreach (var check in StatisticalChecks())
            {
                var result = check.Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, check.Id), snapshots));
                runs++;
                if (!result.Passed) failures.Add($"seed {seed}, {check.Id}: {result.Message}");
            }
        TestContext.Out.WriteLine($"{runs} check runs on the correct example over {seeds} seeds: {failures.Count} failed (designed false-fail rate ≤ 1e-6 per run of each statistical check).");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }
}
