using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grader.Checks.Snapshots;

/// <summary>
/// Reads and writes the approved snapshots (fixtures/snapshots): JSON, camelCase, indented, culture-invariant, with
/// every number array on one line so a reviewed diff shows changed values, not reflowed lines. Floating-point numbers
/// are printed round-trip exact ("R"): a float32 output reads back bit for bit, a double as well.
/// </summary>
public static class SnapshotJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The snapshot as text, ending in a newline.</summary>
    public static string Write<T>(T snapshot) => JsonSerializer.Serialize(snapshot, Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    /// <summary>Parses a snapshot written by <see cref="Write{T}"/>.</summary>
    /// <exception cref="JsonException">The text is not a snapshot of this type.</exception>
    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"the snapshot holds no {typeof(T).Name}");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new InlineArray<float>(static (w, v) => w.Append(Float(v)), static r => r.GetSingle()));
        options.Converters.Add(new InlineArray<double>(static (w, v) => w.Append(Double(v)), static r => r.GetDouble()));
        options.Converters.Add(new InlineArray<int>(static (w, v) => w.Append(v.ToString(CultureInfo.InvariantCulture)), static r => r.GetInt32()));
        options.Converters.Add(new RoundTripDouble());
        options.Converters.Add(new RoundTripFloat());
        return options;
    }

    private static string Float(float v) =>
        float.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : throw new JsonException($"a snapshot can't hold the non-finite number {v}");

    private static string Double(double v) =>
        double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : throw new JsonException($"a snapshot can't hold the non-finite number {v}");

    /// <summary>An array of numbers written as one line, <c>[1.5, -2, 0.25]</c>.</summary>
    private sealed class InlineArray<T>(Action<StringBuilder, T> write, Func<Utf8JsonReader, T> read) : JsonConverter<T[]>
    {
        public override T[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array of {typeof(T).Name}");
            var values = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values.Add(read(reader));
            return [.. values];
        }

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options)
        {
            var text = new StringBuilder("[");
            for (var i = 0; i < value.Length; i++)
            {
                if (i > 0) text.Append(", ");
                write(text, value[i]);
            }

            writer.WriteRawValue(text.Append(']').ToString(), skipInputValidation: true);
        }
    }

    private sealed class RoundTripDouble : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteRawValue(Double(value), skipInputValidation: true);
    }

    private sealed class RoundTripFloat : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) => writer.WriteRawValue(Float(value), skipInputValidation: true);
    }
}
