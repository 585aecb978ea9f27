using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// The desk's part for a safe and blind grading (issue 70): names hidden until a logged reveal, one "no report → 0"
/// over a sheet, the run's files written again after every score, and what the statistics page counts.
/// </summary>
public sealed partial class GradingDesk
{
    /// <summary>The comment of a score "no report → 0" gives.</summary>
    public const string NoReportComment = "No written report was handed in.";

    /// <summary>The audit note of a score "no report → 0" gives.</summary>
    public const string NoReportNote = "no report: 0 over the sheet";

    /// <summary>The audit note of a score that replaced another's ("replaced ana's 1, confirmed"); empty when it replaced none or the tutor's own.</summary>
    public static string ReplacedNote(ManualScoreEntry? before, string tutor) =>
        before is null || before.Tutor == tutor
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"replaced {(before.Tutor.Length > 0 ? before.Tutor : "an unnamed giver")}'s {Csv.Number(before.Points)}, confirmed");

    /// <summary>True when <paramref name="tutor"/>'s last reveal on <paramref name="sheet"/> showed the names (hidden by default).</summary>
    public bool NamesShown(string sheet, string tutor)
    {
        using (Hold())
        {
            return _gradebook.Audit.NameReveals(sheet).LastOrDefault(r => r.Tutor == tutor) is { Tutor: not null } last && last.Shown;
        }
    }

    /// <summary>
    /// Shows (or hides) the students' names on <paramref name="sheet"/>'s grading pages for <paramref name="tutor"/>:
    /// logged; false (nothing logged) when they already were (a form read before another tab's reveal).
    /// </summary>
    public bool RevealNames(string sheet, string tutor, bool shown)
    {
        using (Hold())
        {
            return _gradebook.Audit.RevealNames(sheet, tutor, shown);
        }
    }

    /// <summary>Every reveal and hiding of names on the sheet, oldest first.</summary>
    public IReadOnlyList<(string Tutor, bool Shown, string Entered)> NameReveals(string sheet)
    {
        using (Hold())
        {
            return _gradebook.Audit.NameReveals(sheet);
        }
    }

    /// <summary>The student with a hand-in in the sheet's latest run that <paramref name="shown"/> names (a pseudonym or a name), or null.</summary>
    public string? Resolve(string sheet, string? shown) => Pseudonyms.Resolve(sheet, Students(sheet), shown);

    /// <summary>
    /// Gives 0 points on every manual item of the sheet to each student of its latest run who handed in no written report
    /// and has no score for the item yet (a score given stays); each write is audited with <see cref="NoReportNote"/>.
    /// Returns how many students had no report and how many scores were written.
    /// </summary>
    public (int Students, int Scores) ZeroWithoutReport(string sheet, string tutor)
    {
        using (Hold())
        {
            if (_gradebook.Runs.LatestRun(sheet) is not { } run)
            {
                return (0, 0);
            }

            var missing = _gradebook.Runs.Handins(run).Where(s => Report(run, s) is not { HandedIn: true }).ToArray();
            int written = 0;
            foreach (var item in Items(sheet))
            {
                var scores = _gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
                var unscored = missing.Where(s => !scores.ContainsKey(s)).Select(s => (s, 0L)).ToArray();
                if (unscored.Length > 0 && _gradebook.Scores.Score(unscored, item.Task.Id, item.Item.Id, 0, NoReportComment, tutor, _ => NoReportNote).Count == 0)
                {
                    written += unscored.Length;
                }
            }

            return (missing.Length, written);
        }
    }

    /// <summary>
    /// Writes the sheet's run files again (<see cref="WriteFeedback"/>) after a score, so the LMS export and every
    /// feedback are current; returns null when they are (or the sheet has no run folder to write), else why not. With
    /// <paramref name="students"/> (the ones a score reached), only their own files are written again, and all of the run's.
    /// </summary>
    public string? Refresh(string sheet, IReadOnlyCollection<string>? students = null)
    {
        try
        {
            WriteFeedback(sheet, students);
            return null;
        }
        catch (Exception e) when (e is CourseFileException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Every current score of the item's hand-ins in the sheet's latest run, and the item's audit list over them.</summary>
    public (IReadOnlyList<ManualScoreEntry> Scores, IReadOnlyList<ManualScoreEntry> Audit) Scores(SheetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        using (Hold())
        {
            var students = _gradebook.Runs.LatestRun(item.Sheet) is { } run ? _gradebook.Runs.Handins(run).ToHashSet(StringComparer.Ordinal) : [];
            return (_gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id).Values.Where(s => students.Contains(s.Student)).ToArray(),
                _gradebook.Scores.Audit(item.Task.Id, item.Item.Id).Where(s => students.Contains(s.Student)).ToArray());
        }
    }
}
