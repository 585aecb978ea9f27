using System.Text.Json;
using FluentAssertions;
using Grader.Checks.Catalog;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Results;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// The correct variants (<c>Submissions/Examples/&lt;family&gt;/Variants/&lt;slug&gt;</c>, each laid over its base): valid
/// answers written differently from the correct example. Graded as the tutor grades (every visible and hidden check, the
/// training checks left out: no variant touches a training contract), each scores full marks on every task of its family's pack.
/// </summary>
[NonParallelizable]
public class CorrectVariantsTests
{
    private static readonly string Root = FindRoot();

    private sealed record VariantInfo(string Base, string Task, string Contract, string Why);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }

    private static readonly string[] Families = ["Diffusion", "Flows"];

    public static IEnumerable<TestCaseData> VariantFolders() =>
        Families.SelectMany(f => Directory.EnumerateDirectories(Path.Combine(FindRoot(), "Submissions", "Examples", f, "Variants")).Select(d => (Family: f, Folder: d)))
            .OrderBy(d => d.Folder, StringComparer.Ordinal)
            .Select(d => new TestCaseData(d.Family, Path.GetFileName(d.Folder)).SetName($"Correct variant {Path.GetFileName(d.Folder)} scores full marks"));

    [TestCaseSource(nameof(VariantFolders))]
    public void Every_correct_variant_scores_full_marks(string family, string slug)
    {
        var folder = Path.Combine(Root, "Submissions", "Examples", family, "Variants", slug);
        var info = JsonSerializer.Deserialize<VariantInfo>(File.ReadAllText(Path.Combine(folder, "variant.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                   ?? throw new AssertionException($"{slug}/variant.json is empty");
        var training = DiffusionTutorPack.TrainingChecks.Concat(Grader.Checks.Hidden.Flows.FlowsTutorPack.TrainingChecks).Select(c => c.Id).ToHashSet();
        var catalog = TutorCatalog.Default;
        catalog = new CourseCatalog(catalog.Sheets, catalog.Tasks.Select(t => t with { Checks = t.Checks.Where(c => !training.Contains(c.Check.Id)).ToArray() }));
        var source = HandinSource.FromFolder(Path.Combine(Root, "Submissions", "Examples", info.Base)).WithOverlay(folder);

        var report = HandinGrader.Default.Grade(source, catalog, new GradeOptions
        {
            Sheets = null,
            VisibleOnly = false,
            Seed = 20231010,
            SnapshotRoot = Path.Combine(Root, "fixtures", "snapshots"),
            CheckTimeLimit = TimeSpan.FromMinutes(3),
        });

        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var own = report.Find(info.Task) ?? throw new AssertionException($"no task {info.Task}");
        own.Checks.Should().NotBeEmpty();
        foreach (var c in own.Checks) TestContext.Out.WriteLine($"{c.CheckId}: {c.Result.Outcome}");
        var bound = TutorCatalog.Default.Packs.Single(p => p.Family == family).Bindings.Select(b => b.TaskId).ToHashSet();
        var lost = report.Tasks.Where(t => t.Task.Graded && bound.Contains(t.Task.Id) && !t.FullMarks).ToList();
        lost.Should().BeEmpty($"{slug} is valid ({info.Why}); failed: " +
            string.Join("; ", lost.SelectMany(t => t.Checks).Where(c => !c.Passed).Select(c => $"{c.CheckId}: {c.Result.Message}")));
    }
}
