using System.Diagnostics;
using FluentAssertions;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Reference.Tests.Hidden;
using Grader.Remote.Handins;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The shape of a family's seeded correct-example test: the family's checks that draw their inputs from the run's seed
/// run on the compiled <c>Submissions/Examples/&lt;family&gt;/Correct</c> once per seed, each under the seed the grading
/// derives for it (<see cref="HandinGrader.CheckSeed"/>); none may fail. Prints each check's mean run time.
/// </summary>
internal static class CorrectExampleSeeds
{
    /// <summary>Runs <paramref name="checks"/> under seeds 1 … <paramref name="seeds"/> and asserts that every run passed.</summary>
    public static void PassEverySeed(string family, IReadOnlyList<ICheck> checks, int seeds)
    {
        var root = TrainingQualityTestSupport.RepositoryRoot();
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", family, "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var snapshots = Path.Combine(root, "fixtures", "snapshots");
        var failures = new List<string>();
        var elapsed = new TimeSpan[checks.Count];
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            for (int i = 0; i < checks.Count; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = checks[i].Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, checks[i].Id), snapshots));
                elapsed[i] += watch.Elapsed;
                if (!result.Passed) failures.Add($"seed {seed}, {checks[i].Id}: {result.Message}");
            }
        for (int i = 0; i < checks.Count; i++)
            TestContext.Out.WriteLine($"{checks[i].Id}: mean {elapsed[i].TotalMilliseconds / seeds:F1} ms per run on the correct example");
        TestContext.Out.WriteLine($"{seeds * checks.Count} check runs over {seeds} seeds: {failures.Count} failed.");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }
}
