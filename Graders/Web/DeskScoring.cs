using System.Collections.Concurrent;
using Grader.Grading.Reports;
using Grader.Semester;

namespace Grader.Web;

/// <summary>
/// Scoring on the desk (<see cref="GradingDesk.Scoring"/>): an item's grading page and progress, a score given on the
/// versions the tutor saw (<see cref="ManualScoreStore.Score"/>), "no report → 0" over a sheet, and the scores and audit
/// list the statistics page counts.
/// </summary>
public sealed class DeskScoring
{
    private readonly GradingDesk _desk;

    // A recorded run's rows never change (a new grading is a new run): its answer groups, hand-ins' times and verdicts are read once.
    private readonly ConcurrentDictionary<(long Run, string Task, string Item), IReadOnlyList<AnswerGroup>> _groups = new();
    private readonly ConcurrentDictionary<long, IReadOnlyDictionary<string, HandinTimes>> _times = new();
    private readonly ConcurrentDictionary<(long Run, string Task), IReadOnlyDictionary<string, IReadOnlyList<StoredVerdict>>> _verdicts = new();

    internal DeskScoring(GradingDesk desk) => _desk = desk;

    /// <summary>The comment of a score "no report → 0" gives.</summary>
    public const string NoReportComment = "No written report was handed in.";

    /// <summary>The audit note of a score "no report → 0" gives.</summary>
    public const string NoReportNote = "no report: 0 over the sheet";

    /// <summary>The audit note of a score that replaced another's ("replaced ana's 1, confirmed"); empty when it replaced none or the tutor's own.</summary>
    public static string ReplacedNote(ManualScoreEntry? before, string tutor) =>
        before is null || before.Tutor == tutor
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"replaced {(before.Tutor.Length > 0 ? before.Tutor : "an unnamed giver")}'s {Csv.Number(before.Points)}, confirmed");

    /// <summary>
    /// Each manual item of the sheet with how many of its latest run's hand-ins have a standing score for it, of how many:
    /// the standing scores are the course's one derivation's (<see cref="Standing"/>, issue 80), so the sheet's page and
    /// the home page count what the grading page shows.
    /// </summary>
    public IReadOnlyList<(SheetItem Item, int Scored, int Total)> Progress(string sheet) => Progress(sheet, Standing(sheet));

    /// <summary>The same over <paramref name="standing"/> (<see cref="Standing"/>, read once for a page that shows more of it).</summary>
    public IReadOnlyList<(SheetItem Item, int Scored, int Total)> Progress(string sheet, IReadOnlyDictionary<string, HandinStanding> standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        return _desk.Items(sheet).Select(i => (i, standing.Values.Count(h => h.Scored(i.Task.Id, i.Item.Id) is not null), standing.Count)).ToArray();
    }

    /// <summary>
    /// Every hand-in of the sheet's latest run (none when it has no run) as the course's one derivation gives it
    /// (<see cref="DeskGrades.OfHandins"/>): its standing scores after every regrade, with who gave each and its version.
    /// What the sheet's page, its progress per tutorial and its statistics count.
    /// </summary>
    public IReadOnlyDictionary<string, HandinStanding> Standing(string sheet) => _desk.Grades.OfHandins(sheet, _desk.Students(sheet));

    /// <summary>
    /// The grading page's content for one item; each hand-in's standing score (who gave it, its version: the one the
    /// page's form sends back) is the course's one derivation's (<see cref="GradingDesk.Grades"/>, read before the desk's lock).
    /// </summary>
    public ItemView View(SheetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var scored = _desk.Grades.OfHandins(item.Sheet, _desk.Students(item.Sheet)).Values
            .Select(h => h.Scored(item.Task.Id, item.Item.Id)).OfType<ManualScoreEntry>().ToDictionary(s => s.Student, StringComparer.Ordinal);
        using (_desk.Hold())
        {
            if (_desk.Gradebook.Runs.LatestRun(item.Sheet) is not { } run)
            {
                return new ItemView(item, [], new Dictionary<string, WrittenReport?>(), new Dictionary<string, ManualScoreEntry>(), new Dictionary<string, IReadOnlyList<StoredVerdict>>());
            }

            var students = _desk.Gradebook.Runs.Handins(run);
            var reports = students.ToDictionary(s => s, s => _desk.HandinFiles.Report(run, s), StringComparer.Ordinal);
            var times = _times.GetOrAdd(run, _desk.Gradebook.Runs.Times);
            var groups = _groups.GetOrAdd((run, item.Task.Id, item.Item.Id), _ =>
            {
                // Each group is shown by its earliest hand-in (the time the late policy counts from), never by name.
                var order = AnswerGroups.Order(students, s => times.GetValueOrDefault(s)?.Deciding, $"{item.Task.Id}#{item.Item.Id}");
                return AnswerGroups.Shuffle(AnswerGroups.Of(order.Select(s => (s, reports[s]?.Find(item.Task.Id, item.Item.Id))).ToArray()), $"{item.Sheet}#{item.Task.Id}#{item.Item.Id}");
            });
            var verdicts = _verdicts.GetOrAdd((run, item.Task.Id), key => _desk.Gradebook.Runs.Verdicts(key.Run, key.Task));
            return new ItemView(item, groups, reports, scored, verdicts) { Times = times };
        }
    }

    /// <summary>
    /// Gives <paramref name="points"/> to the item of every student in <paramref name="seen"/>, each on the version the
    /// tutor saw; returns the scores that refused the write (nothing written then), or empty once it is committed: newer
    /// ones than the tutor saw (stale), or — unless <paramref name="replace"/> — ones another tutor (or a command) gave,
    /// which only an explicit confirmation replaces (its audit entry notes whose score it replaced). Throws
    /// <see cref="ArgumentException"/> for points outside the item's range or a student not in the sheet's run.
    /// </summary>
    public IReadOnlyList<ManualScoreEntry> Score(SheetItem item, IReadOnlyList<(string Student, long Seen)> seen, double points, string comment, string tutor, bool replace = true)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(seen);
        if (!double.IsFinite(points) || points < 0 || points > item.Item.Points + 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{item.Title} gives 0 to {item.Item.Points} points, not {points}."));
        }

        if (comment.Length > GradingDesk.MaxComment)
        {
            throw new ArgumentException($"A comment has at most {GradingDesk.MaxComment} characters.");
        }

        using (_desk.Hold())
        {
            var students = _desk.Gradebook.Runs.LatestRun(item.Sheet) is { } run ? _desk.Gradebook.Runs.Handins(run).ToHashSet(StringComparer.Ordinal) : [];
            if (seen.Count == 0 || seen.Any(s => !students.Contains(s.Student) || s.Seen < 0) || seen.Select(s => s.Student).Distinct(StringComparer.Ordinal).Count() != seen.Count)
            {
                throw new ArgumentException($"Every student scored must have a hand-in in sheet {item.Sheet}'s latest run, once.");
            }

            var current = _desk.Gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
            var fresh = seen.All(s => (current.GetValueOrDefault(s.Student)?.Version ?? 0) == s.Seen);
            var others = seen.Select(s => current.GetValueOrDefault(s.Student)).OfType<ManualScoreEntry>().Where(c => c.Tutor != tutor).ToArray();
            if (fresh && !replace && others.Length > 0)
            {
                return others;
            }

            return _desk.Gradebook.Scores.Score(seen, item.Task.Id, item.Item.Id, points, comment, tutor, before => ReplacedNote(before, tutor));
        }
    }

    /// <summary>The audit list of one student's item.</summary>
    public IReadOnlyList<ManualScoreEntry> Audit(SheetItem item, string student)
    {
        ArgumentNullException.ThrowIfNull(item);
        using (_desk.Hold())
        {
            return _desk.Gradebook.Scores.Audit(student, item.Task.Id, item.Item.Id);
        }
    }

    /// <summary>
    /// Gives 0 points on every manual item of the sheet to each student of its latest run who handed in no written report
    /// and has no score for the item yet (a score given stays); each write is audited with <see cref="NoReportNote"/>.
    /// Returns how many students had no report and how many scores were written.
    /// </summary>
    public (int Students, int Scores) ZeroWithoutReport(string sheet, string tutor)
    {
        using (_desk.Hold())
        {
            if (_desk.Gradebook.Runs.LatestRun(sheet) is not { } run)
            {
                return (0, 0);
            }

            var missing = _desk.Gradebook.Runs.Handins(run).Where(s => _desk.HandinFiles.Report(run, s) is not { HandedIn: true }).ToArray();
            int written = 0;
            foreach (var item in _desk.Items(sheet))
            {
                var scores = _desk.Gradebook.Scores.ManualScores(item.Task.Id, item.Item.Id);
                var unscored = missing.Where(s => !scores.ContainsKey(s)).Select(s => (s, 0L)).ToArray();
                if (unscored.Length > 0 && _desk.Gradebook.Scores.Score(unscored, item.Task.Id, item.Item.Id, 0, NoReportComment, tutor, _ => NoReportNote).Count == 0)
                {
                    written += unscored.Length;
                }
            }

            return (missing.Length, written);
        }
    }

    /// <summary>Every current score of the item's hand-ins in the sheet's latest run, and the item's audit list over them.</summary>
    public (IReadOnlyList<ManualScoreEntry> Scores, IReadOnlyList<ManualScoreEntry> Audit) Scores(SheetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Scores(item, Standing(item.Sheet));
    }

    /// <summary>
    /// The same over <paramref name="standing"/> (<see cref="Standing"/>): the current scores are the derivation's standing
    /// ones, one per hand-in (a group's once); the audit list is the store's, as it is the history of who gave what when,
    /// which no grade is derived from (each hand-in's last entry is its standing score, written in the same transaction).
    /// </summary>
    public (IReadOnlyList<ManualScoreEntry> Scores, IReadOnlyList<ManualScoreEntry> Audit) Scores(SheetItem item, IReadOnlyDictionary<string, HandinStanding> standing)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(standing);
        using (_desk.Hold())
        {
            return (standing.Values.Select(h => h.Scored(item.Task.Id, item.Item.Id)).OfType<ManualScoreEntry>().ToArray(),
                _desk.Gradebook.Scores.Audit(item.Task.Id, item.Item.Id).Where(s => standing.ContainsKey(s.Student)).ToArray());
        }
    }
}
