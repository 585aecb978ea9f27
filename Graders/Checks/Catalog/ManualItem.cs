namespace Grader.Checks.Catalog;

/// <summary>A part of a task a tutor grades by hand (an explanation, a plot interpretation), with the sheet's points and rubric.</summary>
/// <param name="Id">Stable id within the task, e.g. "explain".</param>
/// <param name="Points">The points the sheet gives this item.</param>
/// <param name="Rubric">The sheet's rubric, or what a full answer contains.</param>
public sealed record ManualItem(string Id, double Points, string Rubric);
