using System.Text.Json.Serialization;

namespace Grader.Grading;

/// <summary>
/// A <see cref="CompileResult"/> as the tutor's record (<c>records/&lt;student&gt;.json</c>, <see cref="HandinRecord.Compile"/>)
/// holds it: <c>success</c>, <c>errors</c>, <c>warningCount</c>, <c>seconds</c> and, when files were left out,
/// <c>excluded</c> (absent from a record written before files could be left out); never the loaded assembly. The shape
/// records have always had, so an older record loads and is written back as it was (as <see cref="CheckVerdictJson"/> for
/// the verdicts).
/// </summary>
public sealed class CompileResultJson : JsonConverter<CompileResult>
{
    public override CompileResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CheckVerdictJson.ReadObject(ref reader, "a record's compile result", e => new CompileResult(
            CheckVerdictJson.Get<bool>(e, "success", options),
            CheckVerdictJson.Get<IReadOnlyList<CompileDiagnostic>>(e, "errors", options) ?? [],
            CheckVerdictJson.Get<int>(e, "warningCount", options),
            CheckVerdictJson.Duration(CheckVerdictJson.Get<double>(e, "seconds", options)),
            null)
        {
            Excluded = CheckVerdictJson.Get<IReadOnlyList<ExcludedFile>>(e, "excluded", options) ?? [],
        });

    public override void Write(Utf8JsonWriter writer, CompileResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        CheckVerdictJson.Put(writer, "success", value.Success, options);
        CheckVerdictJson.Put(writer, "errors", value.Errors, options);
        CheckVerdictJson.Put(writer, "warningCount", value.WarningCount, options);
        CheckVerdictJson.Put(writer, "seconds", value.Elapsed.TotalSeconds, options);
        CheckVerdictJson.Put(writer, "excluded", value.Excluded.Count == 0 ? null : value.Excluded, options);
        writer.WriteEndObject();
    }
}
