using System.Diagnostics;
using FluentAssertions;
using Grader.Checks.Attention;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Attention;
using Grader.Remote.Handins;

namespace Grader.Reference.Tests.Attention;

/// <summary>
/// The attention checks that draw their calls from the run's seed, run on the compiled
/// Submissions/Examples/Attention/Correct once per seed: none may fail. They are deterministic comparisons within
/// derived float32 bounds (no statistical test), so a failure would be a bound too tight for some drawn call, not bad
/// luck. 20 seeds in the suite; the 200-seed run is <see cref="ExplicitAttribute"/> and prints each check's run time.
/// </summary>
public class AttentionCorrectExampleSeedsTests
{
    private static ICheck[] SeededChecks() =>
    [
        new GradientsMatchFiniteDifferences(),
        new OutputMatchesReference(AttentionPack.FreshInputsId, new FreshAttentionCases()),
        new GradientsMatchFiniteDifferences(AttentionPack.FreshGradientsId, new FreshAttentionCases()),
        new PermutationEquivariance(),
        new MaskedKeysAreIgnored(),
        new HeadsAreIndependent(),
    ];

    [Test]
    public void The_seeded_attention_checks_pass_the_correct_example_under_20_seeds() => Run(20);

    [Test]
    [Explicit("200 seeds × 7 checks; run by hand, prints each check's mean run time")]
    public void The_seeded_attention_checks_pass_the_correct_example_under_200_seeds() => Run(200);

    private static void Run(int seeds)
    {
        var root = FindRoot();
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", "Attention", "Correct")));
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
