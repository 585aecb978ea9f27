using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// The shipped fixtures are exactly what the assignment's visible checks need: with the student repository's snapshots
/// the correct example gets every visible point of the assignment, without any one of them it loses some (so each
/// belongs to a visible check), and the hidden checks of every sheet pass on their pack's correct example with no snapshots at all
/// (so none belongs to a hidden check).
/// </summary>
[NonParallelizable]
public sealed class AssignedSnapshotsTests
{
    private static readonly string[] Sheets = ["000", "001", "002", "004"];
    private AssignedTree _tree = null!;
    private HandinSource _correct = null!;

    [OneTimeSetUp]
    public void Assign()
    {
        _tree = new AssignedTree();
        // Every family's correct files side by side, as a cohort hand-in holds them: an assignment may span families.
        var families = CourseCatalog.Default.Packs.Select(p => HandinSource.Load(Path.Combine(RepositoryRoot.Path, p.Folders.Correct))).ToList();
        _correct = new HandinSource("Correct", [.. families.SelectMany(f => f.Files)]);
    }

    [OneTimeTearDown]
    public void Delete() => _tree.Dispose();

    [Test]
    public void With_the_shipped_snapshots_the_correct_example_gets_every_visible_point()
    {
        var report = GradeVisible(Path.Combine(_tree.Folder, "fixtures", "snapshots"));
        report.Possible.Should().BeGreaterThan(0);
        report.AutoTotal.Should().Be(report.Possible, TextReport.Render(report));
    }

    [Test]
    public void Every_shipped_snapshot_is_read_by_a_visible_check()
    {
        var shipped = Directory.EnumerateFiles(Path.Combine(_tree.Folder, "fixtures", "snapshots"), "*.json", SearchOption.AllDirectories).ToList();
        shipped.Should().NotBeEmpty();
        foreach (var left in shipped)
        {
            using var scratch = new Scratch();
            foreach (var file in shipped.Where(f => f != left))
            {
                var copy = Path.Combine(scratch.Root, Path.GetRelativePath(Path.Combine(_tree.Folder, "fixtures", "snapshots"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            var report = GradeVisible(scratch.Root);
            report.AutoTotal.Should().BeLessThan(report.Possible, $"without {Path.GetFileName(left)} some visible check must fail, else it is not a visible check's snapshot");
        }
    }

    [Test]
    public void The_hidden_checks_read_no_snapshot()
    {
        // The training-quality checks (≈ 20 s each) are left out; they sample with the reference and read no snapshot either.
        // Each pack's hidden checks run on that pack's correct example.
        var training = TutorCatalog.TrainingCheckIds;
        using var empty = new Scratch();
        int ranInAll = 0;
        foreach (var pack in TutorCatalog.Default.Packs)
        {
            var ids = pack.Checks.Select(c => c.Check.Id).ToHashSet();
            var correct = pack.Family == "Diffusion" ? _correct : HandinSource.Load(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct));
            var options = GradeOptions.Default with
            {
                Sheets = Sheets,
                SnapshotRoot = empty.Root,
                Include = (_, spec) => spec.Visibility == Visibility.Hidden && ids.Contains(spec.Check.Id) && !training.Contains(spec.Check.Id),
            };
            var report = HandinGrader.Default.Grade(correct, TutorCatalog.Default, options);
            var ran = report.Tasks.SelectMany(t => t.Checks).ToList();
            ranInAll += ran.Count;
            report.Tasks.SelectMany(t => t.Checks.Where(c => t.SpecOf(c).Visibility != Visibility.Hidden)).Should().BeEmpty();
            ran.Where(c => !c.Passed).Select(c => $"{c.CheckId}: {c.Result.Message}").Should().BeEmpty(pack.Family);
        }

        ranInAll.Should().BePositive("the assignment has hidden checks");
    }

    private Grader.Checks.Results.HandinReport GradeVisible(string snapshotRoot) =>
        HandinGrader.Default.Grade(_correct, CourseCatalog.Default, GradeOptions.Default with { Sheets = [_tree.Assignment.Id], VisibleOnly = true, SnapshotRoot = snapshotRoot });
}
