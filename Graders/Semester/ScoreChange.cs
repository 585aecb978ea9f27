namespace Grader.Semester;

/// <summary>An automatic score that a regrade changed: who, which task, old → new (null old: not graded before).</summary>
public sealed record ScoreChange(string Student, string Task, double? Old, double New)
{
    /// <summary>True when the student has fewer points for the task than before.</summary>
    public bool Lower => New < (Old ?? 0);

    /// <summary>"bob  000/1/x  2 -> 1  (lower)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Student}  {Task}  {(Old is { } o ? Grader.Grading.Files.Csv.Number(o) : "-")} -> {Grader.Grading.Files.Csv.Number(New)}{(Lower ? "  (LOWER)" : "")}");
}
