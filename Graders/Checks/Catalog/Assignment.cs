namespace Grader.Checks.Catalog;

/// <summary>
/// One sheet of one course with its tasks, their checks joined in: what a grading run grades, and all that its
/// feedback, gradebook, LMS export and student repository show. Its maximum is the sheet's total: a task whose automatic
/// share has no check yet (<see cref="TaskSpec.ChecksPending"/>) counts at its full points.
/// </summary>
/// <param name="Sheet">The sheet.</param>
/// <param name="Tasks">Its tasks, in the order the sheet prints them.</param>
public sealed record Assignment(Sheet Sheet, IReadOnlyList<TaskSpec> Tasks)
{
    /// <summary>The sheet's id, "000" … "004".</summary>
    public string Id => Sheet.Id;

    /// <summary>The course the sheet belongs to.</summary>
    public Course Course => Sheet.Course;

    /// <summary>The maximum without bonus: the points of the tasks that are not bonus.</summary>
    public double MaxPoints => Tasks.Where(t => !t.Bonus).Sum(t => t.Points);

    /// <summary>The points of the bonus tasks.</summary>
    public double BonusPoints => Tasks.Where(t => t.Bonus).Sum(t => t.Points);

    /// <summary>Every contract a hand-in of this assignment implements, in task order.</summary>
    public IReadOnlyList<Type> Contracts => Tasks.SelectMany(t => t.Contracts).Distinct().ToArray();

    /// <summary>The task with this id, or null.</summary>
    public TaskSpec? FindTask(string taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    /// <summary>"Sheet 004 of Technical University of Denmark, 02460 Advanced Machine Learning 2024".</summary>
    public override string ToString() => $"sheet {Id} of {Course}";
}
