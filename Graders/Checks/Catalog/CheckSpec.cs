using Grader.Checks.Checking;

namespace Grader.Checks.Catalog;

/// <summary>One check of a task with its share of the task's automatic points and its visibility.</summary>
/// <param name="Check">The check.</param>
/// <param name="Weight">Relative weight within the task (the task's auto points are split by weight).</param>
/// <param name="Visibility">Visible in the self-check, or hidden.</param>
public sealed record CheckSpec(ICheck Check, double Weight, Visibility Visibility);
