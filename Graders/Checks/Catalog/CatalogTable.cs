using System.Globalization;
using System.Text;

namespace Grader.Checks.Catalog;

/// <summary>
/// The catalog as Markdown, for the README and <c>grader catalog</c>: a table of the sheets with their totals, then one
/// row per task with its points, the auto/manual split and whether its checks exist yet. Numbers are culture-invariant.
/// </summary>
public static class CatalogTable
{
    /// <summary>The Markdown of <paramref name="catalog"/>, or of <see cref="CourseCatalog.Default"/> when null.</summary>
    public static string ToMarkdown(CourseCatalog? catalog = null)
    {
        catalog ??= CourseCatalog.Default;
        var md = new StringBuilder();

        md.AppendLine("| sheet | file | course | year | points | bonus | points printed |");
        md.AppendLine("|---|---|---|---|---:|---:|---|");
        foreach (var sheet in catalog.Sheets)
        {
            md.AppendLine(Row(
                sheet.Id,
                $"`{sheet.FileName}`",
                $"{sheet.Institution}, {sheet.Course}",
                sheet.Year,
                Number(sheet.Total),
                Number(sheet.Bonus),
                sheet.PrintsPoints ? "yes" : "no (stated weights)"));
        }

        md.AppendLine();
        md.AppendLine("| sheet | exercise | id | points | auto | manual | graded |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|");
        foreach (var task in catalog.Tasks)
        {
            md.AppendLine(Row(
                task.Sheet,
                task.Exercise,
                $"`{task.Id}`",
                task.Bonus ? $"{Number(task.Points)} (bonus)" : Number(task.Points),
                Number(task.AutoPoints),
                Number(task.ManualPoints),
                task.Graded ? "yes" : "no"));
        }

        return md.ToString();
    }

    private static string Row(params string[] cells) => "| " + string.Join(" | ", cells.Select(Escape)) + " |";

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
