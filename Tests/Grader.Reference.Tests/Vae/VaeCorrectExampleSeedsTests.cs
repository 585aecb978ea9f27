using System.Diagnostics;
using FluentAssertions;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Vae;
using Grader.Remote.Handins;

namespace Grader.Reference.Tests.Vae;

/// <summary>
/// The VAE checks, all of which draw their inputs and parameters from the run's seed, run on the compiled
/// Submissions/Examples/Vae/Correct once per seed: none may fail. They are deterministic comparisons within derived
/// float32 bounds, so a failure would be a bound too tight for some drawn input, except
/// <see cref="CSamplesFollowLogNormal"/>, a KS test whose false-fail rate is ≤ 1e-6 per run by design (≤ 2e-4 over
/// 200 seeds). The test prints each check's mean run time.
/// </summary>
public class VaeCorrectExampleSeedsTests
{
    private static ICheck[] SeededChecks() =>
    [
        new TMatchesReference(),
        new MMatchesReference(),
        new CMatchesReference(),
        new CSamplesFollowLogNormal(),
        new PathwiseGradientMatchesAnalytic(),
        new NormalKlIsInfinite(),
        new LogNormalKlMatchesQuadrature(),
    ];

    [Test]
    public void The_seeded_vae_checks_pass_the_correct_example_under_200_seeds() => Run(200);

    private static void Run(int seeds)
    {
        var root = FindRoot();
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", "Vae", "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var snapshots = Path.Combine(root, "fixtures", "snapshots");
        var failures = new List<string>();
        var checks = SeededChecks();
        var elapsed = new TimeSpan[checks.Length];
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            for (int i = 0; i < checks.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = checks[i].Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, checks[i].Id), snapshots));
                elapsed[i] += watch.Elapsed;
                if (!result.Passed) failures.Add($"seed {seed}, {checks[i].Id}: {result.Message}");
            }
        for (int i = 0; i < checks.Length; i++)
            TestContext.Out.WriteLine($"{checks[i].Id}: mean {elapsed[i].TotalMilliseconds / seeds:F1} ms per run on the correct example");
        TestContext.Out.WriteLine($"{seeds * checks.Length} check runs over {seeds} seeds: {failures.Count} failed.");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found");
    }
}
