namespace Grader.Grading.Reporters;

/// <summary>
/// The gradebook of a run, computed once from the <see cref="GradingSummary"/> (BenchmarkDotNet's <c>SummaryTable</c>):
/// the tasks that are its columns and one <see cref="HandinReport"/> (the hand-in's grade) per hand-in, a refused one
/// included (<see cref="RefusedHandin"/>: zero automatic points, the refusal as its reason). The gradebook CSV, the LMS
/// CSV and the run summary all read this table, so their totals agree and no student the tutor was handed is missing.
/// </summary>
public sealed class GradebookTable
{
    private GradebookTable(IReadOnlyList<TaskSpec> tasks, IReadOnlyList<HandinReport> rows, IReadOnlyList<ManualScore> ignored)
    {
        Tasks = tasks;
        Rows = rows;
        IgnoredManualScores = ignored;
        Sheets = tasks.Select(t => t.Sheet).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The run's tasks: the assignment's, in the order its sheet prints them, then any task a report holds that the assignment lacks.</summary>
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>The sheets of <see cref="Tasks"/>, in order.</summary>
    public IReadOnlyList<string> Sheets { get; }

    /// <summary>One row per hand-in, graded or refused, by student (ordinal).</summary>
    public IReadOnlyList<HandinReport> Rows { get; }

    /// <summary>Manual scores for a student, task or item the run does not have; they count nowhere and the summary lists them.</summary>
    public IReadOnlyList<ManualScore> IgnoredManualScores { get; }

    /// <summary>The group course's roster the rows were made per member with (the tutorials are the LMS Section); null for individual hand-ins.</summary>
    public Groups.GroupRoster? Roster { get; private init; }

    /// <summary>Computes the table.</summary>
    public static GradebookTable From(GradingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var tasks = summary.Assignment.Tasks.ToList();
        foreach (var extra in summary.Handins.SelectMany(h => h.Tasks).Select(t => t.Task))
        {
            if (!tasks.Any(t => t.Id == extra.Id))
            {
                tasks.Add(extra);
            }
        }

        var handins = summary.Handins.Concat(RefusedHandin.Reports(summary));
        var rows = summary.Roster is { } roster
            ? [.. GroupRows.PerMember(handins, roster, summary)]
            : handins.OrderBy(h => h.Student, StringComparer.Ordinal).ToArray();
        // A group's scores are given to its hand-in (g1) and count in each member's row: they matched something (the run's
        // hand-ins are the groups; the semester's rows are the members', the group's where one of them has a hand-in row).
        var students = rows.Select(r => r.Student).ToHashSet(StringComparer.Ordinal);
        if (summary.Roster is { } groups)
        {
            students.UnionWith(summary.Handins.Select(h => h.Student));
            students.UnionWith(groups.Groups.Where(g => rows.Any(r => r.Note != GroupRows.NotHandedIn && g.Members.Contains(r.Student, StringComparer.Ordinal))).Select(g => g.Id));
        }

        var ignored = summary.Manual.All
            .Where(s => !students.Contains(s.Student)
                || tasks.FirstOrDefault(t => t.Id == s.TaskId) is not { } task
                || !task.Manual.Any(m => m.Id == s.ItemId))
            .ToArray();
        return new GradebookTable(tasks, rows, ignored) { Roster = summary.Roster };
    }
}
