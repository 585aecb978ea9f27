namespace Grader.Checks.Comparison;

/// <summary>
/// The reference's output with one known bug put in on purpose (e.g. σ² = β̃ where the sheet fixes β), so a check can
/// say which mistake a hand-in made when its output equals this one.
/// </summary>
/// <param name="Name">Stable key, e.g. "sigma-squared-beta-tilde".</param>
/// <param name="Values">The outputs, flattened like the expected ones.</param>
public sealed record Variant(string Name, float[] Values);
