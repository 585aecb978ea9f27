using Grader.Checks.Catalog;
using Grader.Reference.Tests.Hidden;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The shape of a family's seeded correct-example test: every check of the family's pack but the training checks (all of
/// them draw their inputs from the run's seed) run on the pack's compiled correct example once per seed, each under the seed the grading
/// derives for it (<see cref="HandinGrader.CheckSeed"/>); none may fail. Prints each check's mean run time.
/// </summary>
internal static class CorrectExampleSeeds
{
    /// <summary>The ids of the checks the tutor's catalog runs hidden.</summary>
    private static readonly HashSet<string> Hidden = TutorCatalog.Default.Tasks.SelectMany(t => t.Checks)
        .Where(c => c.Visibility == Visibility.Hidden).Select(c => c.Check.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Runs every check the pack of <paramref name="family"/> binds (the tutor's instances, hidden ones bound; the training
    /// checks left out) under seeds 1 … <paramref name="seeds"/> and asserts that every run passed.
    /// </summary>
    public static void PassEverySeed(string family, int seeds) =>
        PassEverySeed(TutorCatalog.Default.Packs.Single(p => p.Family == family).Folders.Correct, NonTrainingChecks(family), seeds);

    /// <summary>The tutor's instances of every check the pack of <paramref name="family"/> binds (hidden ones bound), the training checks left out.</summary>
    public static ICheck[] NonTrainingChecks(string family)
    {
        var pack = TutorCatalog.Default.Packs.Single(p => p.Family == family);
        var tutor = TutorCatalog.Default.Tasks.SelectMany(t => t.Checks).Select(c => c.Check).DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        ICheck[] checks = [.. pack.Checks.Select(c => c.Check.Id).Where(id => !TutorCatalog.TrainingCheckIds.Contains(id)).Select(id => tutor[id])];
        checks.Should().NotBeEmpty($"pack {family} binds checks");
        return checks;
    }

    /// <summary>
    /// Runs <paramref name="checks"/> on the correct example in <paramref name="correctFolder"/> (relative to the
    /// repository) under seeds 1 … <paramref name="seeds"/> and asserts that every run passed.
    /// </summary>
    public static void PassEverySeed(string correctFolder, IReadOnlyList<ICheck> checks, int seeds) =>
        PassEverySeed(HandinSource.Load(Path.Combine(TrainingQualityTestSupport.RepositoryRoot(), correctFolder)), checks, seeds);

    /// <summary>Runs <paramref name="checks"/> on the hand-in <paramref name="source"/> under seeds 1 … <paramref name="seeds"/> and asserts that every run passed.</summary>
    public static void PassEverySeed(HandinSource source, IReadOnlyList<ICheck> checks, int seeds)
    {
        var root = TrainingQualityTestSupport.RepositoryRoot();
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var snapshots = Path.Combine(root, "fixtures", "snapshots");
        var failures = new List<string>();
        var elapsed = new TimeSpan[checks.Count];
        // Each check runs as the tutor's grading runs it (hidden or not); a passed run is shared with SheetCasesEveryRunTests' correct-example runs.
        var hidden = checks.Select(c => Hidden.Contains(c.Id)).ToArray();
        var shared = checks.Select(c => PassedVerdicts.For(source, c)).ToArray();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            for (int i = 0; i < checks.Count; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = shared[i].Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, checks[i].Id), snapshots) { Hidden = hidden[i] });
                elapsed[i] += watch.Elapsed;
                if (!result.Passed) failures.Add($"seed {seed}, {checks[i].Id}: {result.Message}");
            }
        for (int i = 0; i < checks.Count; i++)
            TestContext.Out.WriteLine($"{checks[i].Id}: mean {elapsed[i].TotalMilliseconds / seeds:F1} ms per run on the correct example");
        TestContext.Out.WriteLine($"{seeds * checks.Count} check runs over {seeds} seeds: {failures.Count} failed.");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }
}
