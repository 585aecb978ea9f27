using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grader.Checks.Results;

namespace Grader.Cli.Workers;

/// <summary>
/// The channel between the grader and a worker: the job goes in on stdin as JSON; the worker answers with one JSON
/// <see cref="WorkerMessage"/> per line on stdout, each carrying the job's nonce. Everything that comes back is
/// untrusted: lines without the nonce are the hand-in's own output, strings are capped, plots are bounded, and a
/// verdict for a check that was not asked for is dropped.
/// </summary>
public static class WorkerProtocol
{
    public const string Ready = "ready";
    public const string Compiled = "compiled";
    public const string Start = "start";
    public const string Verdict = "verdict";
    public const string Done = "done";

    /// <summary>The longest line the grader reads from a worker; a longer one is the hand-in's output and is cut.</summary>
    public const int MaxLineChars = 4 * 1024 * 1024;

    /// <summary>The longest message, expected or seen text kept from a verdict.</summary>
    public const int MaxTextChars = 8000;

    /// <summary>The options every message and record is written and read with (camelCase, enums as names).</summary>
    public static readonly JsonSerializerOptions Json = CreateOptions(indented: false);

    /// <summary>The same, indented, for files a person may open (record.json).</summary>
    public static readonly JsonSerializerOptions IndentedJson = CreateOptions(indented: true);

    /// <summary>The key of a check within a run: its task and its id.</summary>
    public static string Key(string taskId, string checkId) => $"{taskId} {checkId}";

    /// <summary>A fresh nonce.</summary>
    public static string NewNonce() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>One reply line (no newline).</summary>
    public static string Line(WorkerMessage message) => JsonSerializer.Serialize(message, Json);

    /// <summary>The message on <paramref name="line"/> when it is a well-formed reply with <paramref name="nonce"/>; else null.</summary>
    public static WorkerMessage? Parse(string line, string nonce)
    {
        if (line.Length == 0 || line[0] != '{' || !line.Contains(nonce, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var message = JsonSerializer.Deserialize<WorkerMessage>(line, Json);
            return message is not null && message.Nonce == nonce ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A verdict with its strings capped and its plots bounded (at most <see cref="Plot.MaxPoints"/>, finite, X and Y of equal length).</summary>
    public static CheckRecord Sanitize(CheckRecord record) => record with
    {
        Message = Cap(record.Message) ?? "",
        Expected = Cap(record.Expected),
        Seen = Cap(record.Seen),
        SheetRef = Cap(record.SheetRef),
        Counterexample = record.Counterexample is { } c
            ? new Counterexample(Cap(c.Original) ?? "", Cap(c.Shrunk) ?? "", c.Shrinks, Cap(c.Replay) ?? "")
            : null,
        Plots = record.Plots?.Where(IsDrawable).Take(8).ToArray(),
        Seconds = double.IsFinite(record.Seconds) && record.Seconds >= 0 ? record.Seconds : 0,
    };

    private static bool IsDrawable(Plot? plot) =>
        plot is { Series: not null }
        && plot.Series.All(s => s is { X: not null, Y: not null } && s.X.Count == s.Y.Count)
        && plot.PointCount <= Plot.MaxPoints;

    private static string? Cap(string? text) =>
        text is null || text.Length <= MaxTextChars ? text : string.Concat(text.AsSpan(0, MaxTextChars), " … (cut)");

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 32,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static Encoding Utf8 { get; } = new UTF8Encoding(false);
}
