namespace Grader.Grading.Tests.Support;

/// <summary>A two-sheet catalog whose rubric texts need quoting: a comma, quotes, a line break.</summary>
internal static class SmallCatalog
{
    public static readonly CourseCatalog Catalog = new(
        [Sheet("001"), Sheet("002")],
        [
            Task("001", "001/1/flows", 3, [new ManualItem("explain", 2, "Explains the Jacobian, with a comma."), new ManualItem("plot", 0.5, "A \"quoted\" plot,\nover two lines.")]),
            Task("001", "001/2/auto-only", 1, []),
            Task("002", "002/1/gan", 1, [new ManualItem("answer", 1, "Answer")]),
        ]);

    private static Sheet Sheet(string id) => new(id, id + ".txt", "Sheet " + id, new Course("test-course", "Uni", "Course", "2024"), 10, 0, PrintsPoints: true, "");

    private static TaskSpec Task(string sheet, string id, double points, IReadOnlyList<ManualItem> manual) =>
        new(sheet, "1", id, "Title", points, points - manual.Sum(m => m.Points), [], manual);
}
