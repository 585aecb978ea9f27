namespace Grader.Checks.Tests.Catalog;

public sealed class CatalogTableTests
{
    [Test]
    public void The_table_lists_every_sheet_and_every_task_once()
    {
        var markdown = CatalogTable.ToMarkdown();
        TestContext.Out.WriteLine(markdown);

        var lines = markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        lines.Should().Contain("| sheet | exercise | id | points | auto | manual | checks |");
        var taskRows = lines.SkipWhile(l => !l.StartsWith("| sheet | exercise", StringComparison.Ordinal)).Skip(2).ToArray();
        taskRows.Should().HaveCount(CourseCatalog.Default.Tasks.Count);
        foreach (var task in CourseCatalog.Default.Tasks)
        {
            taskRows.Count(r => r.Contains($"`{task.Id}`", StringComparison.Ordinal)).Should().Be(1, task.Id);
        }

        foreach (var sheet in CourseCatalog.Default.Sheets)
        {
            markdown.Should().Contain($"`{sheet.FileName}`");
        }
    }

    [Test]
    public void Rows_show_points_split_bonus_and_checks()
    {
        var markdown = CatalogTable.ToMarkdown(CourseCatalog.Default);
        markdown.Should().Contain("| 002 | P2 (a) | `002/p2a/standard-log-normal` | 2.5 | 0.5 | 2 | 1 hidden |");
        markdown.Should().Contain("| 001 | 1 (f) | `001/1f/image-data` | 5 (bonus) | 2 | 3 | 3 hidden |");
        markdown.Should().Contain("| 004 | 3.4 | `004/3.4/sample` | 2 | 2 | 0 | 1 visible, 2 hidden |");
        markdown.Should().Contain("| 002 | `002_88b534adebe9b841.txt` | Technical University of Munich, Advanced Machine Learning: Deep Generative Models | 2023 | `tum-deep-generative-models-2023` | 28 | 0 | yes |");
        markdown.Should().Contain("| 004 | `004_bd6c9612d8948788.txt` | Technical University of Denmark, 02460 Advanced Machine Learning | 2024 | `dtu-02460-2024` | 14 | 0 | no (stated weights) |");
    }

    [Test]
    public void The_references_table_is_the_tutors_alone()
    {
        CatalogTable.ToMarkdown(CourseCatalog.Default).Should().NotContain("reference (Reference/Solutions)", "the side students receive has no references");
    }
}
