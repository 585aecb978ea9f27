using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Grader.Grading;

/// <summary>
/// The one place a hand-in's verdicts are cleaned of the grader's own process before anything is written (issue 44): a
/// hand-in that catches an exception and returns or throws its <c>ToString()</c> carries the grader's stack frames and
/// source paths (<c>Graders/Remote/Channel/RemoteChannel.cs:line …</c>), and those reached feedback.md/html,
/// results.json, the record, summary.md and junit.xml. <see cref="Scrub(HandinRecord)"/> runs on every record
/// <see cref="HandinRunner"/> makes, so every reporter reads clean text. It removes stack frames of <c>Grader.*</c>
/// types, source paths of the grader's folders, the checkout it was built from, its installation folder, the home and
/// <c>/root</c> folders, and the values of its environment that are paths or long enough to be secrets.
/// </summary>
public static partial class StudentText
{
    /// <summary>What a scrubbed path or value reads as.</summary>
    public const string Removed = "[grader]";

    /// <summary>
    /// <paramref name="record"/> with every message, expected and seen value, counterexample, tutor detail, reason and
    /// log line scrubbed (<see cref="Scrub(string)"/>).
    /// </summary>
    public static HandinRecord Scrub(HandinRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record with
        {
            Reason = ScrubOrNull(record.Reason),
            Log = Scrub(record.Log),
            Checks = [.. record.Checks.Select(v => v with { Result = Scrub(v.Result) })],
        };
    }

    private static CheckResult Scrub(CheckResult result) => result with
    {
        Message = Scrub(result.Message),
        Expected = ScrubOrNull(result.Expected),
        Seen = ScrubOrNull(result.Seen),
        TutorDetail = ScrubOrNull(result.TutorDetail),
        Counterexample = result.Counterexample is { } c ? c with { Original = Scrub(c.Original), Shrunk = Scrub(c.Shrunk) } : null,
    };

    private static string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    /// <summary><paramref name="text"/> without the grader's frames, source paths, folders and environment values.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        text = GraderFrame().Replace(text, "");
        text = GraderSource().Replace(text, Removed);
        foreach (var secret in Secrets.Value)
        {
            text = text.Replace(secret, Removed, StringComparison.Ordinal);
        }

        return RootFolder().Replace(text, Removed);
    }

    /// <summary>A frame of a grader type, as <c>Exception.ToString()</c> writes it, on its own line or run together.</summary>
    [GeneratedRegex(@"[ \t]*\bat Grader\.[^\r\n]*?(?:\)(?: in [^\r\n]*?:line \d+)?|(?=\r?\n|$))(?:\r?\n)?", RegexOptions.CultureInvariant)]
    private static partial Regex GraderFrame();

    /// <summary>A source file under one of the grader's folders, wherever it was built.</summary>
    [GeneratedRegex(@"(?:[A-Za-z]:)?(?:[/\\][^\s/\\:'""<>|]+)*[/\\](?:Graders|Reference|Tests|Contracts)[/\\][^\s:'""<>|]+\.cs\b", RegexOptions.CultureInvariant)]
    private static partial Regex GraderSource();

    [GeneratedRegex(@"(?<![\w/.-])/root(?![\w.-])", RegexOptions.CultureInvariant)]
    private static partial Regex RootFolder();

    /// <summary>Texts of this process that no student file may hold, longest first: folders and environment values.</summary>
    private static readonly Lazy<string[]> Secrets = new(() =>
    {
        var folders = new[] { Checkout(), AppContext.BaseDirectory, Path.GetDirectoryName(Environment.ProcessPath), Environment.GetEnvironmentVariable("HOME") }
            .Where(f => f is not null).Select(f => Path.TrimEndingDirectorySeparator(f!));
        var environment = Environment.GetEnvironmentVariables().Values.OfType<string>()
            .SelectMany(v => v.Split(Path.PathSeparator).Prepend(v))
            .Where(v => v.StartsWith('/') || v.Length >= 16);
        return [.. folders.Concat(environment).Where(IsWorthHiding).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
    });

    /// <summary>Not a text whose removal would garble a message (a short or system folder like <c>/usr/bin</c>, a word).</summary>
    private static bool IsWorthHiding(string text) =>
        text.Length >= 5 && text.Trim().Length == text.Length && text is not ("/usr/bin" or "/usr/local/bin" or "/usr/sbin" or "/bin" or "/sbin" or "/tmp" or "/usr/share");

    /// <summary>The folder the grader was built from (this file's compile-time path, up to <c>Graders/</c>).</summary>
    private static string? Checkout([CallerFilePath] string path = "")
    {
        int at = path.Replace('\\', '/').LastIndexOf("/Graders/", StringComparison.Ordinal);
        return at > 0 ? path[..at] : null;
    }
}
