namespace Grader.Grading.Tests.Support;

/// <summary>The ids of the course catalog's sheets, in its order: the source of a test run once per sheet.</summary>
internal static class CatalogSheets
{
    public static IEnumerable<string> Ids() => CourseCatalog.Default.Sheets.Select(s => s.Id);
}
