using System.Text.Json;

namespace Grader.Checks.Comparison;

/// <summary>
/// What each known wrong variant (<see cref="Variant"/>) of a family's comparisons means, in the sheet's terms: the
/// sentence a failure adds when the hand-in's output matches that variant. The sentences are text for students, so they
/// are data, one file a family (<c>&lt;Family&gt;/&lt;Family&gt;.diagnoses.json</c>, carried in the assembly): a table
/// a comparison, from the variant's name to its sentence, in the order written.
/// </summary>
public static class DiagnosisFile
{
    /// <summary>The table <paramref name="comparison"/> of <paramref name="family"/>'s file.</summary>
    /// <exception cref="InvalidOperationException">The assembly carries no such file or table (a grader defect).</exception>
    public static IReadOnlyDictionary<string, string> Read(string family, string comparison)
    {
        var name = $"diagnoses/{family}.diagnoses.json";
        using var stream = typeof(DiagnosisFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The grader was built without its {name}.");
        using var document = JsonDocument.Parse(stream);
        if (!document.RootElement.TryGetProperty(comparison, out var table) || table.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException($"{name} holds no diagnoses of {comparison}.");
        var sentences = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in table.EnumerateObject())
            sentences.Add(entry.Name, entry.Value.GetString() ?? throw new InvalidOperationException($"{name}: {comparison}.{entry.Name} is no sentence."));
        return sentences;
    }
}
