using Grader.Checks.Catalog;
using Grader.Checks.Hidden.Catalog;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The manual items' rubrics live on the tutor's side (<see cref="ManualRubrics"/>): the tutor's catalog gives every
/// manual item its rubric, every rubric belongs to an item of the catalog, and the catalog students receive holds none.
/// </summary>
public sealed class ManualRubricsTests
{
    [Test]
    public void Every_manual_item_of_the_tutors_catalog_has_its_rubric_and_every_rubric_an_item()
    {
        var items = TutorCatalog.Default.Tasks.SelectMany(t => t.Manual.Select(m => (Task: t.Id, Item: m))).ToList();
        // As many as the course files declare, counted in their text (not by the reader under test): a new item in a
        // course file needs no edit here.
        var declared = Directory.GetFiles(Path.Combine(Grader.Tests.Support.RepositoryRoot.Path, "courses"), "*.toml")
            .Sum(f => File.ReadLines(f).Count(l => l.Trim() == "[[sheet.task.manual]]"));
        declared.Should().BeGreaterThan(0);
        items.Should().HaveCount(declared);
        items.Should().OnlyContain(i => !string.IsNullOrWhiteSpace(i.Item.Rubric), "the tutor grades by the rubric");
        ManualRubrics.Texts.Keys.Should().BeEquivalentTo(items.Select(i => (i.Task, i.Item.Id)), "a rubric without an item is stale");
        CourseCatalog.Default.Tasks.SelectMany(t => t.Manual).Should().OnlyContain(m => m.Rubric == null, "the catalog students receive ships as source");
        CatalogValidator.Validate(TutorCatalog.Default).Should().BeEmpty();
    }

    [Test]
    public void The_sheets_marking_schemes_are_kept()
    {
        TutorCatalog.Default.TasksOf("002").SelectMany(t => t.Manual).Should().OnlyContain(m => m.Rubric!.Contains('✓'), "the TUM sheets' rubrics tick what earns a point");
        TutorCatalog.Default.FindTask("000/1b/interpolation")!.Manual.Should().Contain(m => m.Id == "explain" && m.Rubric!.StartsWith("Explain the result"));
        TutorCatalog.Default.FindTask("003/1.5/ode-complexity")!.Manual.Single().Rubric.Should().Contain("O(T)");
    }
}
