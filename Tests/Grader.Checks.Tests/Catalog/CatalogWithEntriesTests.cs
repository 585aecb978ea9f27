using Grader.Tests.SamplePack;

namespace Grader.Checks.Tests.Catalog;

/// <summary>
/// <see cref="CourseCatalog.With"/>: more sheet entries and packs, joined as the course's are (the tutor side bound after).
/// <c>Tests/Grader.Cli.Tests/AddingATask</c> uses it for a whole new family; here, where the entries go.
/// </summary>
public sealed class CatalogWithEntriesTests
{
    [Test]
    public void A_task_of_an_existing_sheet_goes_with_that_sheet_s_tasks_and_must_fit_its_total()
    {
        var extra = new TaskSpec("000", "9", "000/9/extra", "An extra part", 1, 0, [], [new ManualItem("explain", 1)]);

        var catalog = CourseCatalog.Default.With([], [extra], []);

        catalog.TasksOf("000").Select(t => t.Id).Should().EndWith(extra.Id);
        catalog.Tasks.Select(t => t.Sheet).Should().BeInAscendingOrder(StringComparer.Ordinal, "the tasks stay in sheet order");
        catalog.Tasks.Should().HaveCount(CourseCatalog.Default.Tasks.Count + 1);
        CatalogValidator.Validate(catalog).Select(p => (p.Kind, p.Subject)).Should().Equal((CatalogProblemKind.SheetTotalMismatch, "000"));
    }

    [Test]
    public void A_new_sheet_and_pack_join_after_the_course_and_bind_their_task()
    {
        var catalog = CourseCatalog.Default.With([SamplePack.Sheet], SamplePack.Tasks, [SamplePack.Pack]).WithTutorPacks([SamplePack.Tutor]);

        catalog.Sheets.Select(s => s.Id).Should().Equal(CourseCatalog.Default.Sheets.Select(s => s.Id).Append(SamplePack.Sheet.Id));
        catalog.FindTask(SamplePack.TaskId)!.Checks.Select(c => c.Check.Id).Should().Equal("sample.scale-doubles", "sample.scale-is-odd");
        catalog.Packs.Should().EndWith(SamplePack.Pack);
    }

    [Test]
    public void Entries_join_before_the_tutor_side()
    {
        var tutor = CourseCatalog.Default.WithTutorPacks([]);

        FluentActions.Invoking(() => tutor.With([SamplePack.Sheet], SamplePack.Tasks, [SamplePack.Pack])).Should().Throw<InvalidOperationException>();
    }
}
