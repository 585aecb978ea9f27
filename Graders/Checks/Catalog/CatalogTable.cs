using System.Text;

namespace Grader.Checks.Catalog;

/// <summary>
/// The catalog as Markdown, for the manual (<c>docs/catalog.md</c>) and <c>grader catalog</c>: a table of the sheets (each an assignment of one
/// course) with their totals, then one row per task with its points, the auto/manual split and its checks (how many
/// visible and hidden, or "pending" when its automatic share has none yet), and on the tutor's side a third: which
/// reference each bound task is checked against, with the sheet its checks cite. Numbers are culture-invariant.
/// </summary>
public static class CatalogTable
{
    /// <summary>The namespace of the reference solutions (Reference/Solutions), left out of the references' names.</summary>
    private const string ReferenceNamespace = "Grader.Reference.";

    /// <summary>The Markdown of <paramref name="catalog"/>, or of <see cref="CourseCatalog.Default"/> when null.</summary>
    public static string ToMarkdown(CourseCatalog? catalog = null)
    {
        catalog ??= CourseCatalog.Default;
        var md = new StringBuilder();

        md.AppendLine("| sheet | file | course | year | course id | points | bonus | points printed |");
        md.AppendLine("|---|---|---|---|---|---:|---:|---|");
        foreach (var sheet in catalog.Sheets)
        {
            md.AppendLine(Row(
                sheet.Id,
                $"`{sheet.FileName}`",
                $"{sheet.Course.Institution}, {sheet.Course.Name}",
                sheet.Course.Year,
                $"`{sheet.Course.Id}`",
                PointsText.Shown(sheet.Total),
                PointsText.Shown(sheet.Bonus),
                sheet.PrintsPoints ? "yes" : "no (stated weights)"));
        }

        md.AppendLine();
        md.AppendLine("| sheet | exercise | id | points | auto | manual | checks |");
        md.AppendLine("|---|---|---|---:|---:|---:|---|");
        foreach (var task in catalog.Tasks)
        {
            md.AppendLine(Row(
                task.Sheet,
                task.Exercise,
                $"`{task.Id}`",
                task.Bonus ? $"{PointsText.Shown(task.Points)} (bonus)" : PointsText.Shown(task.Points),
                PointsText.Shown(task.AutoPoints),
                PointsText.Shown(task.ManualPoints),
                Checks(task)));
        }

        if (catalog.TutorPacks.Count > 0)
        {
            AppendReferences(md, catalog);
        }

        return md.ToString();
    }

    /// <summary>
    /// The third table, on the tutor's side only: for every task a pack binds, the reference its checks compare a hand-in
    /// with (the tutor pack's reference of each contract the task calls, in Reference/Solutions) and the sheet as its
    /// first check cites it. Made from the packs, so a new task brings its row with it.
    /// </summary>
    private static void AppendReferences(StringBuilder md, CourseCatalog catalog)
    {
        var references = new Dictionary<Type, string>();
        foreach (var (contract, make) in catalog.TutorPacks.SelectMany(p => p.References))
        {
            var type = make().GetType();
            references[contract] = type.FullName is { } name && name.StartsWith(ReferenceNamespace, StringComparison.Ordinal)
                ? name[ReferenceNamespace.Length..].Replace('.', '/')
                : type.FullName ?? type.Name;
        }

        md.AppendLine();
        md.AppendLine("| task | contracts | reference (Reference/Solutions) | the sheet, as the task's first check cites it |");
        md.AppendLine("|---|---|---|---|");
        foreach (var task in catalog.Tasks.Where(t => t.Contracts.Count > 0))
        {
            md.AppendLine(Row(
                $"`{task.Id}`",
                string.Join(", ", task.Contracts.Select(c => $"`{c.Name}`")),
                string.Join(", ", task.Contracts.Select(c => references.TryGetValue(c, out var reference) ? $"`{reference}`" : "–")),
                task.Checks.Select(c => c.Check.SheetRef).FirstOrDefault(r => r.Length > 0) ?? "–"));
        }
    }

    /// <summary>"2 visible, 1 hidden", "pending" (automatic points without a check yet), or "–" (no automatic points).</summary>
    private static string Checks(TaskSpec task)
    {
        if (task.Checks.Count == 0)
        {
            return task.AutoPoints > 0 ? "pending" : "–";
        }

        int visible = task.Checks.Count(c => c.Visibility == Visibility.Visible);
        int hidden = task.Checks.Count - visible;
        return string.Join(", ", new[] { visible > 0 ? $"{visible} visible" : null, hidden > 0 ? $"{hidden} hidden" : null }.OfType<string>());
    }

    private static string Row(params string[] cells) => "| " + string.Join(" | ", cells.Select(Escape)) + " |";

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
