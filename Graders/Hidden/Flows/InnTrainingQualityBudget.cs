using Grader.Checks.Hidden.Diffusion;

namespace Grader.Checks.Hidden.Flows;

/// <summary>The grading budget and bounds of <see cref="InnTrainingQuality"/>, from the calibration (<c>Graders/Hidden/README.md</c>).</summary>
public static class InnTrainingQualityBudget
{
    /// <summary>
    /// 500 steps (half of <c>InnTrainer.GradingSteps</c>: the same measured power at half the training). Each score's
    /// bounds, first run clearly good / fresh-run mean / clearly bad, from the calibration at 500 steps: clearly bad at
    /// the training checks' rule (6 sd and a quarter of the worst seed's distance beyond the mean of both calibrated
    /// trainers over 20 seeds, the looser); clearly good at ≥ 3.3 sd of either calibrated trainer and beyond the worst
    /// seed of both; the fresh-run mean held to the clearly-good bound. The non-finite share and the round trip have one
    /// bound each (a correct flow's round trip is float32 rounding, ~10⁻⁶).
    /// </summary>
    public static InnTrainingQuality.Settings Calibrated { get; } = new(
        Steps: 500,
        Nll: new("held-out NLL", 3.66, 3.66, 4.24),
        MinNll: 1.0,
        TvPt1: new("TV pT₁", 0.40, 0.40, 0.49),
        TvEta: new("TV η", 0.11, 0.11, 0.16),
        PeakShift: new("|Z peak shift| (GeV)", 0.44, 0.44, 0.66),
        WidthRatio: new("Z peak width ratio", 8.0, 8.0, 10.2),
        MaxNonFinite: 1e-3,
        MaxRoundTrip: 1e-3,
        MaxLogDetError: 0.25,
        MaxPerturbation: 0.3,
        MaxCopied: 1e-3);
}
