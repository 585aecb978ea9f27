namespace Grader.Checks.Results;

/// <summary>
/// A tutor's comment on one line of the hand-in's code (a <c>.cs</c> file as the run graded it) or of its written report
/// (<see cref="ReportFile"/>, as <c>grader serve</c> shows it), placed on the hand-in as it is now (issue 70, item 4).
/// The anchor is the file, the line and that line's text when the comment was written: when the line's text is no longer
/// there, the comment is on the nearest line with the same text (<see cref="MovedFrom"/>), else it is outdated
/// (<see cref="Outdated"/>) and shown with the line it was about. Every string here is the student's or a tutor's and
/// is escaped wherever it is shown.
/// </summary>
/// <param name="File">The hand-in's file (its path as graded), or <see cref="ReportFile"/>.</param>
/// <param name="Line">The line it is on now (1-based); for an outdated comment the line it was written on.</param>
/// <param name="LineText">The line's text when the comment was written.</param>
/// <param name="Body">The comment.</param>
public sealed record InlineComment(string File, int Line, string LineText, string Body)
{
    /// <summary>The name a written report's passages are anchored under: its answers' text, one item after another, as the tutors' page shows it.</summary>
    public const string ReportFile = "Report/report.md";

    /// <summary>The line it was written on, when the line moved (its text is now on <see cref="Line"/>); else null.</summary>
    public int? MovedFrom { get; init; }

    /// <summary>True when the line's text is no longer in the file: the comment is shown with the line it was about.</summary>
    public bool Outdated { get; init; }

    /// <summary>
    /// The id of the task the line belongs to, as the student's page and feedback files place the comment (under that
    /// task; <c>Grader.Semester.HandinDocument.Place</c>'s rule), or null: a line no task claims (a helper file), a hand-in
    /// without its kept code, or a comment not placed on a document.
    /// </summary>
    public string? Task { get; init; }

    /// <summary>What the student reads under an <see cref="Outdated"/> comment (the student's page, feedback.html and feedback.md).</summary>
    public const string ChangedSentence = "Your latest hand-in changed this line since: shown as it read when the tutor commented.";

    /// <summary>"Handin/A.cs, line 12", "… (moved from line 10)", "… (outdated: the line is no longer there)".</summary>
    public string Where => $"{File}, line {Line}" + (Outdated ? " (outdated: the line is no longer there)" : MovedFrom is { } from ? $" (moved from line {from})" : "");

    /// <summary>
    /// Places a comment written on <paramref name="line"/> of a file whose text was then <paramref name="lineText"/> on
    /// the file as it is now (<paramref name="lines"/>; null when the file is gone): the same line when its text is still
    /// there, else the nearest line with that text (the earlier one on a tie), else outdated.
    /// </summary>
    public static InlineComment Place(string file, int line, string lineText, string body, IReadOnlyList<string>? lines)
    {
        ArgumentNullException.ThrowIfNull(lineText);
        var comment = new InlineComment(file, line, lineText, body);
        if (lines is null)
        {
            return comment with { Outdated = true };
        }

        if (line >= 1 && line <= lines.Count && lines[line - 1] == lineText)
        {
            return comment;
        }

        int best = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i] == lineText && (best < 0 || Math.Abs(i + 1 - line) < Math.Abs(best + 1 - line)))
            {
                best = i;
            }
        }

        return best < 0 ? comment with { Outdated = true } : comment with { Line = best + 1, MovedFrom = line };
    }

    /// <summary>A text's lines as the pages number them (any line ending; a last empty line after a final newline is none).</summary>
    public static IReadOnlyList<string> Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }
}
