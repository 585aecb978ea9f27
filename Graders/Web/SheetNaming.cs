using System.Text.RegularExpressions;

namespace Grader.Web;

/// <summary>
/// The one naming function of every tutor-facing page and file of a sheet (issue 80): until the tutor reveals names for
/// the sheet (logged, <see cref="NameReveal"/>), a student, a group and a hand-in's folder name is its pseudonym
/// (<see cref="Pseudonyms"/>) in labels, links and forms (<see cref="Label"/>), and any text that may carry a name is
/// rewritten: every known name becomes its pseudonym (<see cref="Prose"/>: a regrade request's reason), and in the
/// grader's messages every quoted span that is not a pseudonym (what a student wrote: a <c>members.txt</c> name with a
/// typo, a folder name) is held back too (<see cref="Message"/>: a run's problem line, an audit entry). Once names are
/// shown, each returns what it is given.
/// </summary>
public sealed class SheetNaming
{
    /// <summary>What a quoted span of a student's text reads as while names are hidden.</summary>
    public const string HeldBack = "[held back: names are hidden]";

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    // A quoted span: "…", “…” or '…' (an apostrophe inside a word, "group's", opens or closes none).
    private static readonly Regex Quoted = new("\"[^\"\\n]*\"|“[^”\\n]*”|(?<![\\w])'[^'\\n]*'(?![\\w])", RegexOptions.None, Limit);

    private readonly Dictionary<string, string> _students;
    private readonly Regex? _names;

    /// <summary>
    /// The naming of <paramref name="sheet"/>: names shown or not, and every text that names a student (a name, a group's
    /// id, a hand-in's folder name or path) with the student or hand-in it is, whose pseudonym replaces it while hidden.
    /// </summary>
    public SheetNaming(string sheet, bool shown, IEnumerable<(string Text, string Student)> names)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(names);
        Sheet = sheet;
        Shown = shown;
        _students = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (text, student) in names)
        {
            if (!string.IsNullOrWhiteSpace(text) && !text.StartsWith(Pseudonyms.Prefix, StringComparison.Ordinal))
            {
                _students.TryAdd(text, student);
            }
        }

        _names = _students.Count == 0
            ? null
            : new Regex($@"(?<![\w-])(?:{string.Join('|', _students.Keys.OrderByDescending(n => n.Length).Select(Regex.Escape))})(?![\w-])", RegexOptions.IgnoreCase, Limit);
    }

    /// <summary>The sheet.</summary>
    public string Sheet { get; }

    /// <summary>True after the tutor's logged reveal: names are shown as they are.</summary>
    public bool Shown { get; }

    /// <summary>How a page names <paramref name="student"/> (a student or a hand-in): the name once revealed, else the pseudonym.</summary>
    public string Label(string student) => Shown ? student : Pseudonyms.Of(Sheet, student);

    /// <summary>
    /// A message of the grader's that may quote what a student wrote (a run's problem line quoting a <c>members.txt</c>
    /// or a folder, an audit entry) as a tutor's page may show it: as it is once names are shown; else every known name
    /// (any case) its pseudonym (<see cref="Prose"/>), and every quoted span that is not a pseudonym held back
    /// (<see cref="HeldBack"/>).
    /// </summary>
    public string Message(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Shown ? message : Quoted.Replace(Prose(message), m => IsPseudonym(m.Value[1..^1]) ? m.Value : $"{m.Value[0]}{HeldBack}{m.Value[^1]}");
    }

    /// <summary>
    /// A student's own prose the tutor must read (a regrade request's reason): as it is once names are shown; else every
    /// known name (any case) its pseudonym, the rest as written (its quotes are the student's argument, not a name).
    /// </summary>
    public string Prose(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Shown || _names is null ? text : _names.Replace(text, m => Label(_students[m.Value]));
    }

    /// <summary>A pseudonym, or a pseudonym's folder ("anon-3fa2c91b/": a hand-in's folder quoted in a problem line).</summary>
    private static bool IsPseudonym(string quoted) =>
        quoted.TrimEnd('/', '\\') is var text && text.Length == Pseudonyms.Prefix.Length + 8 && text.StartsWith(Pseudonyms.Prefix, StringComparison.Ordinal) && text[Pseudonyms.Prefix.Length..].All(char.IsAsciiHexDigitLower);
}
