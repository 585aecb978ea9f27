namespace Grader.Cli.Grading;

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

    /// <summary>The manual points one student earned on one task; null when no item of the task has a score yet.</summary>
    public double? Points(string student, string taskId)
    {
        var scores = For(student).Where(s => s.TaskId == taskId).ToArray();
        return scores.Length == 0 ? null : scores.Sum(s => s.Points);
    }
}
