namespace Grader.Checks.Hidden.Flows;

/// <summary>The grading budget and intervals of <see cref="InnTrainingQuality"/>, from the calibration (<c>Graders/Hidden/README.md</c>).</summary>
public static class InnTrainingQualityBudget
{
    /// <summary>
    /// Every interval open: the check is not bound. The 200-step calibration (Graders/Hidden/README.md) gives NLL in
    /// [1.5, 4.6], TV pT₁ ≤ 0.60, TV η ≤ 0.17, |peak shift| ≤ 0.85 GeV, width ratio ≤ 10.5, which catch the log-det sign
    /// but not a twentieth of the budget; the 1,000-step calibration comes first.
    /// </summary>
    public static InnTrainingQuality.Settings Calibrated { get; } = new();
}
