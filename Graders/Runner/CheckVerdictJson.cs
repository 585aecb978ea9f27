using System.Text.Json.Serialization;

namespace Grader.Runner;

/// <summary>
/// A <see cref="CheckVerdict"/> as the tutor's record (<c>records/&lt;student&gt;.json</c>) holds it: one flat object,
/// <c>taskId</c>, <c>checkId</c>, the <see cref="CheckResult"/>'s fields, <c>seconds</c>, <c>handinCpuSeconds</c> and
/// the check's <c>key</c> within the run (<see cref="WorkerProtocol.Key"/>; written for a reader, ignored when read).
/// Every record written since verdicts were stored has this shape; a field added later (<c>handinCpuSeconds</c>,
/// <c>tutorDetail</c>, <c>images</c>) is simply absent from an older one.
/// </summary>
public sealed class CheckVerdictJson : JsonConverter<CheckVerdict>
{
    public override CheckVerdict Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadObject(ref reader, "a check's verdict", e =>
        {
            var result = new CheckResult(
                Get<string>(e, "checkId", options) ?? throw new JsonException("a check's verdict has no checkId"),
                Get<CheckOutcome>(e, "outcome", options),
                Get<string>(e, "message", options) ?? "",
                Get<string>(e, "expected", options),
                Get<string>(e, "seen", options),
                Get<Counterexample>(e, "counterexample", options),
                Get<string>(e, "sheetRef", options),
                Get<IReadOnlyList<Plot>>(e, "plots", options),
                Get<string>(e, "tutorDetail", options),
                Get<IReadOnlyList<ImageGrid>>(e, "images", options));
            var taskId = Get<string>(e, "taskId", options) ?? throw new JsonException("a check's verdict has no taskId");
            return new CheckVerdict(taskId, result, Duration(Get<double>(e, "seconds", options)), Get<double?>(e, "handinCpuSeconds", options));
        });

    public override void Write(Utf8JsonWriter writer, CheckVerdict value, JsonSerializerOptions options)
    {
        var r = value.Result;
        writer.WriteStartObject();
        Put(writer, "taskId", value.TaskId, options);
        Put(writer, "checkId", r.Id, options);
        Put(writer, "outcome", r.Outcome, options);
        Put(writer, "message", r.Message, options);
        Put(writer, "expected", r.Expected, options);
        Put(writer, "seen", r.Seen, options);
        Put(writer, "counterexample", r.Counterexample, options);
        Put(writer, "sheetRef", r.SheetRef, options);
        Put(writer, "plots", r.Plots, options);
        Put(writer, "seconds", value.Elapsed.TotalSeconds, options);
        Put(writer, "handinCpuSeconds", value.HandinCpuSeconds, options);
        Put(writer, "tutorDetail", r.TutorDetail, options);
        Put(writer, "images", r.Images, options);
        Put(writer, "key", WorkerProtocol.Key(value.TaskId, r.Id), options);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <paramref name="read"/> of the JSON object at <paramref name="reader"/> (parsed into pooled memory, returned after);
    /// a <see cref="JsonException"/> naming <paramref name="what"/> when it is not an object.
    /// </summary>
    internal static T ReadObject<T>(ref Utf8JsonReader reader, string what, Func<JsonElement, T> read)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var e = document.RootElement;
        return e.ValueKind == JsonValueKind.Object ? read(e) : throw new JsonException($"{what} is not an object");
    }

    /// <summary>Whole ticks of <paramref name="seconds"/>, so a stored time reads back as it was written; 0 for one that is not a time (negative, not finite, beyond a year).</summary>
    internal static TimeSpan Duration(double seconds) =>
        double.IsFinite(seconds) && seconds >= 0 && seconds < 365 * 86400.0 ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)) : TimeSpan.Zero;

    internal static T? Get<T>(JsonElement e, string name, JsonSerializerOptions options) =>
        e.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p.Deserialize<T>(options) : default;

    /// <summary>Writes a field, leaving it out when null (as the options' <see cref="JsonIgnoreCondition.WhenWritingNull"/> does).</summary>
    internal static void Put<T>(Utf8JsonWriter writer, string name, T value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            return;
        }

        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, options);
    }
}
