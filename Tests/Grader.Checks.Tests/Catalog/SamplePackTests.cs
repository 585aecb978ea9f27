using Grader.Checks.Grading;
using Grader.Tests.SamplePack;

namespace Grader.Checks.Tests.Catalog;

/// <summary>
/// The sample pack graded end to end, in process (compiled by Roslyn against its own contract assembly, checks run by
/// <see cref="HandinGrader"/> with the tutor side bound): the correct example earns every automatic point of the bound
/// task, the reference passes every check, and each mutant loses the task's points through the checks its
/// <c>mutant.json</c> names. Nothing outside this folder is needed.
/// </summary>
public sealed class SamplePackTests
{
    private static GradeOptions Options => GradeOptions.Default with
    {
        Sheets = [SamplePack.Sheet.Id],
        SnapshotRoot = SamplePack.Folders.Snapshots,
        CheckTimeLimit = TimeSpan.FromSeconds(30),
    };

    private static string Folder(string relative) => Path.Combine(SamplePack.Root, relative);

    [Test]
    public void The_correct_example_earns_every_automatic_point_of_its_task()
    {
        var report = HandinGrader.Default.Grade(HandinSource.Load(Folder(SamplePack.Pack.Folders.Correct)), SamplePack.Catalog(), Options);

        report.Compile.Success.Should().BeTrue(report.Compile.Summary());
        var task = report.Find(SamplePack.TaskId)!;
        task.Checks.Select(c => c.CheckId).Should().Equal("sample.scale-doubles", "sample.scale-is-odd");
        task.FullMarks.Should().BeTrue(TextReport.RenderTask(task));
        task.Score.Should().Be(2);
    }

    [Test]
    public void The_reference_passes_every_check_of_the_pack()
    {
        var resolve = SamplePack.Tutor.ReferenceResolver();
        foreach (var spec in SamplePack.Catalog().Tasks.SelectMany(t => t.Checks))
        {
            var result = spec.Check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(Options.Seed, spec.Check.Id), Options.SnapshotRoot));
            result.Passed.Should().BeTrue($"{spec.Check.Id}: {result.Message}");
        }
    }

    [TestCase("triples")]
    [TestCase("even")]
    public void Each_mutant_loses_its_task_points_through_the_checks_it_names(string slug)
    {
        var source = HandinSource.Load(Folder(Path.Combine(SamplePack.Pack.Folders.Mutants, slug)));
        var report = HandinGrader.Default.Grade(source, SamplePack.Catalog(), Options);

        var task = report.Find(source.Mutant!.Task!)!;
        task.Score.Should().BeLessThan(task.MaxAuto);
        task.Checks.Where(c => !c.Passed).Select(c => c.CheckId).Should().Contain(source.Mutant.Checks);
    }
}
