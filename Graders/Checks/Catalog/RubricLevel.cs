namespace Grader.Checks.Catalog;

/// <summary>
/// One level of a manual item's rubric: the points a tutor gives with one click and the text that says when
/// (e.g. 1 — "the change of variables with the log-determinant"; 0.5 — "the formula without the sign"; 0 — "missing").
/// </summary>
/// <param name="Points">The points of this level, between 0 and the item's points.</param>
/// <param name="Text">What an answer at this level contains, in the rubric's words.</param>
public sealed record RubricLevel(double Points, string Text);
