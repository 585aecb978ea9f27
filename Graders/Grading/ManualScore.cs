namespace Grader.Grading;

/// <summary>Points a tutor gave one student for one manual item of a task (from the filled rubric CSV).</summary>
/// <param name="Student">The student.</param>
/// <param name="TaskId">The catalog's task id.</param>
/// <param name="ItemId">The manual item's id within the task.</param>
/// <param name="Points">The points given (0 … the item's points).</param>
/// <param name="Comment">The tutor's comment, shown in the feedback; may be empty.</param>
public sealed record ManualScore(string Student, string TaskId, string ItemId, double Points, string Comment);
