namespace Grader.Checks.Catalog;

/// <summary>A part of a task a tutor grades by hand (an explanation, a plot interpretation), with the sheet's points and rubric.</summary>
/// <param name="Id">Stable id within the task, e.g. "explain".</param>
/// <param name="Points">The points the sheet gives this item.</param>
/// <param name="Rubric">
/// The sheet's rubric, or what a full answer contains: the tutor's (kept in Graders/Hidden, joined in the
/// tutor's catalog); null in the catalog students receive, which ships as source.
/// </param>
/// <param name="Levels">
/// The rubric's levels a tutor picks from (highest first), each with its points and text; empty when the course
/// states none, and then a tutor enters points by hand.
/// </param>
public sealed record ManualItem(string Id, double Points, string? Rubric = null, IReadOnlyList<RubricLevel>? Levels = null)
{
    /// <summary>The rubric's levels, highest first; empty when none are stated.</summary>
    public IReadOnlyList<RubricLevel> Levels { get; init; } = Levels ?? [];
}
