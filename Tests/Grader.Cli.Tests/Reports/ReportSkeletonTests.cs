using Grader.Grading.Reports;

namespace Grader.Cli.Tests.Reports;

/// <summary>
/// The report skeleton <c>grader assign</c> writes: a heading per manual item of the sheet (key, points, the task's
/// title), read back by the grading run's own splitter, and the page map with every item's key.
/// </summary>
public sealed class ReportSkeletonTests
{
    [TestCaseSource(typeof(CatalogSheets), nameof(CatalogSheets.Ids))]
    public void The_skeleton_has_a_heading_for_every_manual_item_and_the_run_finds_each(string sheet)
    {
        var assignment = CourseCatalog.Default.FindAssignment(sheet)!;
        var items = assignment.Tasks.SelectMany(t => t.Manual.Select(m => (Task: t, Item: m))).ToArray();
        items.Should().NotBeEmpty($"sheet {sheet} has items graded by hand");
        var skeleton = ReportLayout.MarkdownSkeleton(assignment);

        var headings = skeleton.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToArray();
        headings.Should().HaveCount(items.Length, "one heading per manual item, no other level-2 heading");
        for (int i = 0; i < items.Length; i++)
        {
            var (task, item) = items[i];
            headings[i].Should().StartWith($"## {task.Id}#{item.Id} ({TextReport.Points(item.Points)}): ", "in catalog order, with the item's points");
            headings[i].Should().EndWith(task.Title.ReplaceLineEndings(" ").Trim(), "the task's title as the sheet writes it");
        }

        var titled = skeleton.Split('\n').Where(l => l.StartsWith('#')).ToArray();
        foreach (var escape in new[] { "\\_", "\\~", "\\*", "&gt;", "&lt;", "&amp;" })
        {
            titled.Should().NotContain(l => l.Contains(escape, StringComparison.Ordinal), $"a skeleton's heading reads as the sheet writes it, without {escape}");
        }

        skeleton.Should().Contain("Report/report.pdf").And.Contain("Report/pages.txt");
        var keys = items.Select(i => ReportLayout.Key(i.Task.Id, i.Item.Id)).ToArray();
        var (sections, failure) = ReportMarkdown.Split(skeleton, keys);
        failure.Should().BeNull();
        sections.Keys.Should().BeEquivalentTo(keys, "the run reads every heading the skeleton writes");
        sections.Values.Should().OnlyContain(s => s.Text == "Your answer.");

        var map = ReportLayout.PageMapSkeleton(assignment);
        map.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Should().Equal(keys.Select(k => k + ":"));
        var problems = new List<string>();
        PageMap.Parse(map, keys, pageCount: 3, problems).Should().BeEmpty("an untouched map gives no item a page");
        problems.Should().BeEmpty("and is not a mistake");
    }

    [Test]
    public void Assign_writes_the_report_skeleton_into_the_student_repository()
    {
        using var tree = new AssignedTree("002");
        var (assignment, target, result) = (tree.Assignment, tree.Folder, tree.Result);

        result.Files.Should().Contain(["Report/report.md", "Report/pages.txt"]);
        File.ReadAllText(Path.Combine(target, "Report", "report.md")).Should().Be(ReportLayout.MarkdownSkeleton(assignment));
        File.ReadAllText(Path.Combine(target, "Report", "pages.txt")).Should().Be(ReportLayout.PageMapSkeleton(assignment));
    }
}
