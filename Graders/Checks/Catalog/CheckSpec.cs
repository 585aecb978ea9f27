namespace Grader.Checks.Catalog;

/// <summary>One check of a task with its share of the task's automatic points and its visibility.</summary>
/// <param name="Check">The check (a <see cref="DeferredCheck"/> for a hidden check until the tutor side binds it).</param>
/// <param name="Weight">Relative weight within the task (the task's auto points are split by weight).</param>
/// <param name="Visibility">Visible in the self-check, or hidden.</param>
public sealed record CheckSpec(ICheck Check, double Weight, Visibility Visibility)
{
    /// <summary>A check the student's self-check runs.</summary>
    public static CheckSpec Visible(ICheck check, double weight = 1) => new(check, weight, Visibility.Visible);

    /// <summary>
    /// A hidden check, declared by its id and sheet reference only (its code is tutor-side, bound by
    /// <see cref="Packs.TutorPack.HiddenChecks"/>).
    /// </summary>
    public static CheckSpec Hidden(string id, string sheetRef, double weight = 1) => new(new DeferredCheck(id, sheetRef), weight, Visibility.Hidden);
}
