using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// The desk's inline comments (<see cref="GradingDesk.Commenting"/>) (issue 70, item 4): a tutor comments on one line of a hand-in of the sheet's latest run
/// (its code as graded, or its written report: <see cref="HandinDocument"/>), anchored by file, line and the line's
/// text; the student sees it once the sheet is released, and in their feedback files written again after it.
/// </summary>
public sealed class DeskComments
{
    private readonly GradingDesk _desk;

    internal DeskComments(GradingDesk desk) => _desk = desk;

    /// <summary>The longest inline comment kept.</summary>
    public const int MaxInlineComment = 2000;

    /// <summary>The hand-in of <paramref name="student"/> in the sheet's latest run as the code page shows it, or null (no run, no hand-in).</summary>
    public HandinDocument? Document(string sheet, string student)
    {
        string? folder;
        using (_desk.Hold())
        {
            folder = _desk.Gradebook.Runs.LatestRun(sheet) is { } run && _desk.Gradebook.Runs.Handins(run).Contains(student, StringComparer.Ordinal) ? _desk.Gradebook.Runs.RunFolder(run) : null;
        }

        return folder is null ? null : HandinDocument.Of(folder, student);
    }

    /// <summary>
    /// <paramref name="student"/>'s written report in the sheet's latest run as the intake took it in (its answers' page
    /// images, rendered and bounded by the run, and its problems), or null: no run, no hand-in there, no report.json.
    /// The server renders nothing: the page images are the run's files, served by the page route (issue 82: a PDF's
    /// pages beside their items).
    /// </summary>
    public WrittenReport? WrittenReport(string sheet, string student)
    {
        long? run;
        using (_desk.Hold())
        {
            run = _desk.Gradebook.Runs.LatestRun(sheet) is { } id && _desk.Gradebook.Runs.Handins(id).Contains(student, StringComparer.Ordinal) ? id : null;
        }

        return run is { } found ? _desk.HandinFiles.Report(found, student) : null;
    }

    /// <summary>The comments on <paramref name="student"/>'s hand-in of <paramref name="sheet"/>, in file and line order.</summary>
    public IReadOnlyList<StoredComment> Comments(string sheet, string student)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Comments.Comments(sheet, student);
        }
    }

    /// <summary>One comment of <paramref name="sheet"/>, or null (none, deleted, another sheet's).</summary>
    public StoredComment? Comment(string sheet, long id)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Comments.Comment(id) is { } comment && comment.Sheet == sheet ? comment : null;
        }
    }

    /// <summary>
    /// Keeps <paramref name="tutor"/>'s comment on line <paramref name="line"/> of <paramref name="file"/> of
    /// <paramref name="student"/>'s hand-in in the sheet's latest run, anchored with that line's text now; returns its id.
    /// Throws <see cref="ArgumentException"/> (one sentence) for a file or line the hand-in does not have, or an empty or
    /// too long comment.
    /// </summary>
    /// <remarks>
    /// <paramref name="seen"/> is the <see cref="LineStamp"/> of the line as the tutor's page showed it (the form carries
    /// it): a comment on a line that reads differently now (a run recorded since, its code changed) is refused with
    /// <see cref="CommentLineChangedException"/>, nothing stored; null (a form without it) checks nothing.
    /// </remarks>
    public long AddComment(string sheet, string student, string file, int line, string body, string tutor, string? seen = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        body = body.Trim();
        if (body.Length == 0 || body.Length > MaxInlineComment)
        {
            throw new ArgumentException($"A comment has 1 to {MaxInlineComment} characters.");
        }

        if (Document(sheet, student) is not { } document || document.Lines(file) is not { } lines)
        {
            throw new ArgumentException("That hand-in has no such file.");
        }

        if (line < 1 || line > lines.Count)
        {
            throw new ArgumentException($"That file has lines 1 to {lines.Count}.");
        }

        if (seen is not null && seen != LineStamp(lines[line - 1]))
        {
            throw new CommentLineChangedException($"Line {line} of {file} reads differently now than on the page you commented from (a run of the sheet was recorded since): nothing was stored. Your comment is kept below; check the line and send it again.");
        }

        using (_desk.Hold())
        {
            return _desk.Gradebook.Comments.AddComment(sheet, student, file, line, lines[line - 1], body, tutor);
        }
    }

    /// <summary>The version of a line a comment form carries: a short hash of its text (a student's text, never put in the page as it is).</summary>
    public static string LineStamp(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text ?? "")))[..16];

    /// <summary>Deletes comment <paramref name="id"/> of <paramref name="sheet"/>; false when there is none (or it was deleted meanwhile).</summary>
    public bool DeleteComment(string sheet, long id, string tutor)
    {
        using (_desk.Hold())
        {
            return _desk.Gradebook.Comments.Comment(id) is { } comment && comment.Sheet == sheet && _desk.Gradebook.Comments.DeleteComment(id, tutor);
        }
    }

    /// <summary>The comments on <paramref name="student"/>'s hand-in placed on it as the latest run keeps it (<see cref="InlineComment.Place"/>).</summary>
    public IReadOnlyList<InlineComment> PlacedComments(string sheet, string student) => Placed(sheet, student, Comments(sheet, student));

    /// <summary><see cref="PlacedComments"/> of the comments already read (the student's page reads them with its grade).</summary>
    internal IReadOnlyList<InlineComment> Placed(string sheet, string student, IReadOnlyList<StoredComment> comments)
    {
        if (comments.Count == 0)
        {
            return [];
        }

        var document = Document(sheet, student);
        return comments.Select(c => c.Place(document?.Lines(c.File))).ToArray();
    }
}
