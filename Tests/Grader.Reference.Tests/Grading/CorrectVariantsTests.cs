using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The correct variants (<c>Submissions/Examples/&lt;family&gt;/Variants/&lt;slug&gt;</c>, each laid over its base): valid
/// answers written differently from the correct example. Graded as the tutor grades (every visible and hidden check, the
/// training checks left out: no variant touches a training contract), each scores full marks on every task of its family's pack.
/// In CI a variant is graded on the tasks of its pack its edit can reach (<see cref="EditReach"/>, as the mutants are):
/// every other task runs its base's code under the same seed, so it keeps the base's verdicts, the correct example's
/// full marks (<see cref="ExampleHandinsTests.The_correct_example_scores_full_marks"/>). The tasks of other packs were
/// graded before and never asserted. The <c>[Explicit]</c> 20-seed twin runs every check but training of the family.
/// </summary>
[NonParallelizable]
public class CorrectVariantsTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private sealed record VariantInfo(string Base, string Task, string Contract, string Why);

    /// <summary>The correct variants of the pack of <paramref name="family"/>: <c>Variants/</c> in its examples folder.</summary>
    private static string VariantsFolder(string family) => Path.Combine(RepositoryRoot.Path, TutorCatalog.Default.Packs.Single(p => p.Family == family).Folders.Examples, "Variants");

    public static IEnumerable<TestCaseData> VariantFolders() =>
        TutorCatalog.Default.Packs.Select(p => (p.Family, Folder: VariantsFolder(p.Family))).Where(v => Directory.Exists(v.Folder))
            .SelectMany(v => Directory.EnumerateDirectories(v.Folder).Select(d => (v.Family, Folder: d)))
            .OrderBy(d => d.Folder, StringComparer.Ordinal)
            .Select(d => new TestCaseData(d.Family, Path.GetFileName(d.Folder)).SetName($"Correct variant {Path.GetFileName(d.Folder)} scores full marks"));

    public static IEnumerable<TestCaseData> VariantFoldersOverSeeds() =>
        VariantFolders().Select(c => new TestCaseData(c.Arguments).SetName($"Correct variant {c.Arguments[1]} passes every check but training under 20 seeds"));

    /// <summary>The variant's <c>variant.json</c>, its hand-in (the folder laid over its base) and its base.</summary>
    private static (VariantInfo Info, HandinSource Source, HandinSource Base) Load(string family, string slug)
    {
        var folder = Path.Combine(VariantsFolder(family), slug);
        var info = JsonSerializer.Deserialize<VariantInfo>(File.ReadAllText(Path.Combine(folder, "variant.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                   ?? throw new AssertionException($"{slug}/variant.json is empty");
        var baseSource = HandinSource.FromFolder(Path.Combine(Root, "Submissions", "Examples", info.Base));
        return (info, baseSource.WithOverlay(folder), baseSource);
    }

    /// <summary>
    /// Issue 45, item 6: each variant keeps full marks over 20 seeds, every check of its family's pack but training run
    /// on it once per seed as on the correct example (<see cref="CorrectExampleSeeds"/>). Figures:
    /// docs/measurements/2026-11-26-case-classes-and-variants.md.
    /// </summary>
    [TestCaseSource(nameof(VariantFoldersOverSeeds))]
    [Explicit("20 seeds × every check of the family but training, per variant: seconds to a minute each on the 2-core machine")]
    public void Every_correct_variant_passes_every_check_under_20_seeds(string family, string slug) =>
        CorrectExampleSeeds.PassEverySeed(Load(family, slug).Source, CorrectExampleSeeds.NonTrainingChecks(family), 20);

    [TestCaseSource(nameof(VariantFolders))]
    public void Every_correct_variant_scores_full_marks(string family, string slug)
    {
        var (info, source, baseSource) = Load(family, slug);
        info.Base.Should().Be($"{family}/Correct", $"{slug}'s tasks outside its edit's reach keep its base's verdicts, which are full marks for its pack's correct example");
        var training = TutorCatalog.TrainingCheckIds;
        var catalog = TutorCatalog.Default;
        var bound = catalog.Packs.Single(p => p.Family == family).Bindings.Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        var reach = EditReach.TasksReachingTheEdit(source, baseSource, catalog.Tasks.Where(t => t.Graded && bound.Contains(t.Id)));
        TestContext.Out.WriteLine($"{slug}: its edit reaches {string.Join(", ", reach.Order(StringComparer.Ordinal))}");
        reach.Should().Contain(info.Task, $"{slug} rewrites a member of its task {info.Task}");
        catalog = new CourseCatalog(catalog.Sheets, catalog.Tasks.Select(t => t with { Checks = reach.Contains(t.Id) ? t.Checks.Where(c => !training.Contains(c.Check.Id)).ToArray() : [] }));

        var report = HandinGrader.Default.Grade(source, catalog, new GradeOptions
        {
            Sheets = null,
            VisibleOnly = false,
            Seed = 20231010,
            SnapshotRoot = Path.Combine(Root, "fixtures", "snapshots"),
            CheckTimeLimit = InProcessCheckLimit.PerCheck,
        });

        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var own = report.Find(info.Task) ?? throw new AssertionException($"no task {info.Task}");
        own.Checks.Should().NotBeEmpty();
        foreach (var c in own.Checks) TestContext.Out.WriteLine($"{c.CheckId}: {c.Result.Outcome}");
        var lost = report.Tasks.Where(t => t.Task.Graded && bound.Contains(t.Task.Id) && !t.FullMarks).ToList();
        lost.Should().BeEmpty($"{slug} is valid ({info.Why}); failed: " +
            string.Join("; ", lost.SelectMany(t => t.Checks).Where(c => !c.Passed).Select(c => $"{c.CheckId}: {c.Result.Message}")));
    }
}
