using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Grader.Checks.Catalog;

/// <summary>
/// The catalog as JSON (<c>grader catalog --json</c>): the sheets with their tasks (points, the auto/manual split,
/// contracts, checks with weight and visibility, manual items) and the packs (contracts, folders, checks and the tasks
/// each is bound to). What the cohort generator is made from; names are snake_case, numbers
/// culture-invariant, the order that of the catalog, so the same catalog always gives the same text.
/// </summary>
public static class CatalogJson
{
    /// <summary>The JSON of <paramref name="catalog"/>, indented, with a final newline.</summary>
    public static string Render(CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("sheets");
            foreach (var sheet in catalog.Sheets)
            {
                WriteSheet(w, catalog, sheet);
            }

            w.WriteEndArray();
            w.WriteStartArray("packs");
            foreach (var pack in catalog.Packs)
            {
                WritePack(w, catalog, pack);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void WriteSheet(Utf8JsonWriter w, CourseCatalog catalog, Sheet sheet)
    {
        w.WriteStartObject();
        w.WriteString("id", sheet.Id);
        w.WriteString("file", sheet.FileName);
        w.WriteString("title", sheet.Title);
        w.WriteStartObject("course");
        w.WriteString("id", sheet.Course.Id);
        w.WriteString("institution", sheet.Course.Institution);
        w.WriteString("name", sheet.Course.Name);
        w.WriteString("year", sheet.Course.Year);
        w.WriteEndObject();
        w.WriteNumber("total", sheet.Total);
        w.WriteNumber("bonus", sheet.Bonus);
        w.WriteBoolean("prints_points", sheet.PrintsPoints);
        w.WriteStartArray("tasks");
        foreach (var task in catalog.TasksOf(sheet.Id))
        {
            w.WriteStartObject();
            w.WriteString("id", task.Id);
            w.WriteString("exercise", task.Exercise);
            w.WriteString("title", task.Title);
            w.WriteNumber("points", task.Points);
            w.WriteNumber("auto_points", task.AutoPoints);
            w.WriteNumber("manual_points", task.ManualPoints);
            w.WriteBoolean("bonus", task.Bonus);
            w.WriteBoolean("checks_pending", task.ChecksPending);
            w.WriteStartArray("contracts");
            foreach (var contract in task.Contracts)
            {
                w.WriteStringValue(contract.Name);
            }

            w.WriteEndArray();
            w.WriteStartArray("checks");
            foreach (var check in task.Checks)
            {
                w.WriteStartObject();
                w.WriteString("id", check.Check.Id);
                w.WriteNumber("weight", check.Weight);
                w.WriteString("visibility", check.Visibility == Visibility.Visible ? "visible" : "hidden");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("manual");
            foreach (var item in task.Manual)
            {
                w.WriteStartObject();
                w.WriteString("id", item.Id);
                w.WriteNumber("points", item.Points);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePack(Utf8JsonWriter w, CourseCatalog catalog, ExercisePack pack)
    {
        w.WriteStartObject();
        w.WriteString("family", pack.Family);
        w.WriteStartArray("contracts");
        foreach (var contract in pack.Contracts)
        {
            w.WriteStringValue(contract.Name);
        }

        w.WriteEndArray();
        w.WriteString("template", pack.Folders.Template);
        w.WriteString("correct", pack.Folders.Correct);
        w.WriteString("mutants", pack.Folders.Mutants);
        w.WriteString("faulty", pack.Folders.Faulty);
        if (pack.Folders.Snapshots is { } snapshots)
        {
            w.WriteString("snapshots", snapshots);
        }
        else
        {
            w.WriteNull("snapshots");
        }

        w.WriteStartArray("checks");
        foreach (var check in pack.Checks)
        {
            w.WriteStartObject();
            w.WriteString("id", check.Check.Id);
            w.WriteString("visibility", check.Visibility == Visibility.Visible ? "visible" : "hidden");
            w.WriteStartArray("tasks");
            foreach (var binding in pack.Bindings.Where(b => b.Checks.Any(c => c.Check.Id == check.Check.Id) && catalog.FindTask(b.TaskId) is not null))
            {
                w.WriteStringValue(binding.TaskId);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
