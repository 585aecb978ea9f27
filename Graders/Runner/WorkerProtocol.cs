using System.Text.Json.Serialization;

namespace Grader.Runner;

/// <summary>
/// How verdicts are keyed, bounded and stored: a check's key within a run, the caps every verdict is held to before it
/// is kept (text from a check may quote the hand-in), and the JSON options of the records (<c>records/&lt;student&gt;.json</c>) and <c>run.json</c>.
/// </summary>
public static class WorkerProtocol
{
    /// <summary>The longest message, expected or seen text kept from a verdict.</summary>
    public const int MaxTextChars = 8000;

    /// <summary>The options every message and record is written and read with (camelCase, enums as names).</summary>
    public static readonly JsonSerializerOptions Json = CreateOptions(indented: false);

    /// <summary>The same, indented, for files a person may open (the records).</summary>
    public static readonly JsonSerializerOptions IndentedJson = CreateOptions(indented: true);

    /// <summary>
    /// The <typeparamref name="T"/> stored as JSON at <paramref name="path"/> (read with <paramref name="options"/>, default
    /// <see cref="Json"/>), or null when the file is missing or cannot be read as one.
    /// </summary>
    public static T? ReadFile<T>(string path, JsonSerializerOptions? options = null) where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), options ?? Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The key of a check within a run: its task and its id.</summary>
    public static string Key(string taskId, string checkId) => $"{taskId} {checkId}";

    /// <summary>A fresh random token (the fence of <c>grader check --ci</c>'s quoted output).</summary>
    public static string NewNonce() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The most image grids kept from one verdict.</summary>
    public const int MaxImageGrids = 4;

    /// <summary>
    /// A verdict with its strings capped, its plots bounded (at most <see cref="Plot.MaxPoints"/>, finite, X and Y of
    /// equal length) and its image grids too (at most <see cref="MaxImageGrids"/>, each <see cref="ImageGrid.IsDrawable"/>).
    /// </summary>
    public static CheckVerdict Sanitize(CheckVerdict verdict) => verdict with
    {
        Result = verdict.Result with
        {
            Message = Cap(verdict.Result.Message) ?? "",
            Expected = Cap(verdict.Result.Expected),
            Seen = Cap(verdict.Result.Seen),
            SheetRef = Cap(verdict.Result.SheetRef),
            TutorDetail = Cap(verdict.Result.TutorDetail),
            Counterexample = verdict.Result.Counterexample is { } c
                ? new Counterexample(Cap(c.Original) ?? "", Cap(c.Shrunk) ?? "", c.Shrinks, Cap(c.Replay) ?? "")
                : null,
            Plots = verdict.Result.Plots?.Where(IsDrawable).Take(8).ToArray(),
            Images = verdict.Result.Images?.Where(g => g is not null && g.IsDrawable()).Take(MaxImageGrids).Select(CapLabels).ToArray(),
        },
        Elapsed = verdict.Elapsed >= TimeSpan.Zero ? verdict.Elapsed : TimeSpan.Zero,
    };

    private static bool IsDrawable(Plot? plot) =>
        plot is { Series: not null }
        && plot.Series.All(s => s is { X: not null, Y: not null } && s.X.Count == s.Y.Count)
        && plot.PointCount <= Plot.MaxPoints;

    private static ImageGrid CapLabels(ImageGrid grid) => grid with
    {
        Title = Cap(grid.Title) ?? "",
        Rows = grid.Rows.Select(r => new ImageRow(Cap(r.Label) ?? "", r.Images.Select(i => i with { Caption = Cap(i.Caption) }).ToArray())).ToArray(),
    };

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
        options.Converters.Add(new CheckVerdictJson());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static Encoding Utf8 { get; } = new UTF8Encoding(false);
}
