namespace Grader.Checks.Hidden.Flows;

/// <summary>The grading budget and intervals of <see cref="InnTrainingQuality"/>, from the calibration (<c>Graders/Hidden/README.md</c>).</summary>
public static class InnTrainingQualityBudget
{
    /// <summary>Not calibrated yet: every interval open.</summary>
    public static InnTrainingQuality.Settings Calibrated { get; } = new();
}
