using Grader.Checks.Hidden.Diffusion;

namespace Grader.Checks.Hidden.Flows;

/// <summary>The grading budget and bounds of <see cref="InnTrainingQuality"/>, from the calibration (<c>Graders/Hidden/README.md</c>).</summary>
public static class InnTrainingQualityBudget
{
    /// <summary>
    /// 1,000 steps (<c>InnTrainer.GradingSteps</c>). Each score's bounds, first run clearly good / fresh-run mean /
    /// clearly bad: clearly bad at the training checks' rule (6 sd and a quarter of the worst seed's distance beyond the
    /// mean of both calibrated trainers over 20 seeds, the looser); clearly good at ≥ 3.3 sd of the noisier calibrated
    /// trainer and beyond its worst seed; the fresh-run mean held to the clearly-good bound. The non-finite share and the
    /// round trip have one bound each (a correct flow's round trip is float32 rounding, ~10⁻⁶).
    /// </summary>
    public static InnTrainingQuality.Settings Calibrated { get; } = new(
        Steps: 1000,
        Nll: new("held-out NLL", 3.5, 3.5, 4.2),
        MinNll: 1.0,
        TvPt1: new("TV pT₁", 0.40, 0.40, 0.52),
        TvEta: new("TV η", 0.11, 0.11, 0.16),
        PeakShift: new("|Z peak shift| (GeV)", 0.36, 0.36, 0.56),
        WidthRatio: new("Z peak width ratio", 7.4, 7.4, 10.5),
        MaxNonFinite: 1e-3,
        MaxRoundTrip: 1e-3);
}
