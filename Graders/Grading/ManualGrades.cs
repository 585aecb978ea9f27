namespace Grader.Grading;

/// <summary>The manual scores of a run, by student. Items without a score are pending (not zero).</summary>
public sealed class ManualGrades
{
    /// <summary>No manual scores: every manual item is pending.</summary>
    public static readonly ManualGrades Empty = new([]);

    private readonly Dictionary<string, ManualScore[]> _byStudent;

    public ManualGrades(IEnumerable<ManualScore> scores)
    {
        All = scores.ToArray();
        _byStudent = All.GroupBy(s => s.Student, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every score, in the order given.</summary>
    public IReadOnlyList<ManualScore> All { get; }

    /// <summary>The scores of one student (empty when none).</summary>
    public IReadOnlyList<ManualScore> For(string student) => _byStudent.TryGetValue(student, out var s) ? s : [];

    /// <summary>
    /// The task's manual items for <paramref name="student"/>, in catalog order, with the tutor's points (summed when an
    /// item is given twice) and comments. Scores whose item id the task does not have are not counted here
    /// (<see cref="GradebookTable.IgnoredManualScores"/> lists them).
    /// </summary>
    public IReadOnlyList<ManualItemResult> Items(string student, TaskSpec task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var scores = For(student).Where(s => s.TaskId == task.Id).ToArray();
        return task.Manual.Select(item =>
        {
            var mine = scores.Where(s => s.ItemId == item.Id).ToArray();
            var comment = string.Join(" ", mine.Select(s => s.Comment.Trim()).Where(c => c.Length > 0));
            return new ManualItemResult(item, mine.Length == 0 ? null : mine.Sum(s => s.Points), comment);
        }).ToArray();
    }

    /// <summary>The manual points one student earned on one task; null when no item of the task has a score yet.</summary>
    public double? Points(string student, string taskId)
    {
        var scores = For(student).Where(s => s.TaskId == taskId).ToArray();
        return scores.Length == 0 ? null : scores.Sum(s => s.Points);
    }
}
