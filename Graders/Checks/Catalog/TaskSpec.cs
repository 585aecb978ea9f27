namespace Grader.Checks.Catalog;

/// <summary>
/// A graded task of a sheet: its points as printed, split into automatic checks and manual items.
/// A task whose checks are not written yet has <see cref="Graded"/> false and appears in the catalog all the same.
/// </summary>
/// <param name="Sheet">The sheet file's number, e.g. "004".</param>
/// <param name="Exercise">The exercise as printed, e.g. "3.4" or "1 (d)".</param>
/// <param name="Id">Stable id, e.g. "004/3.4/negative-elbo"; it names CSV columns, JUnit cases and NUnit tests.</param>
/// <param name="Title">Short description in the sheet's words.</param>
/// <param name="Points">Total points the sheet gives (auto + manual).</param>
/// <param name="AutoPoints">The share of <see cref="Points"/> earned by the checks.</param>
/// <param name="Checks">The checks, with weights and visibility (joined in from the exercise packs).</param>
/// <param name="Manual">Items graded by a tutor.</param>
/// <param name="Bonus">True for bonus tasks (not counted in the sheet's maximum).</param>
/// <param name="Note">Where the points come from when the sheet does not print them per part.</param>
public sealed record TaskSpec(
    string Sheet,
    string Exercise,
    string Id,
    string Title,
    double Points,
    double AutoPoints,
    IReadOnlyList<CheckSpec> Checks,
    IReadOnlyList<ManualItem> Manual,
    bool Bonus = false,
    string? Note = null)
{
    /// <summary>
    /// True when the sheet entry says the task's automatic share has no check yet (its family's pack is not written):
    /// the share then counts in full and the feedback says "not graded automatically yet". A task with automatic points
    /// is either bound by a pack or marked so; the validator refuses anything else.
    /// </summary>
    public bool ChecksPending { get; init; }

    /// <summary>The contracts the task's checks call (from the pack bindings): what a hand-in for this task implements.</summary>
    public IReadOnlyList<Type> Contracts { get; init; } = [];

    public bool Graded => Checks.Count > 0;

    public double ManualPoints => Manual.Sum(m => m.Points);

    /// <summary>Points carried by hidden checks (the self-check says how many it cannot see).</summary>
    public double HiddenPoints
    {
        get
        {
            double total = Checks.Sum(c => c.Weight);
            return total == 0 ? 0 : AutoPoints * Checks.Where(c => c.Visibility == Visibility.Hidden).Sum(c => c.Weight) / total;
        }
    }
}
