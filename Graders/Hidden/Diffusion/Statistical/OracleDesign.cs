using Grader.Contracts.Diffusion;
using Grader.Checks.Hidden.Diffusion.Oracles;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// What the designs of the statistical checks on the reverse processes share: the linear schedule the hand-in is run
/// with (T = <see cref="Steps"/>, β from <see cref="BetaFirst"/> at code index 0 to <see cref="BetaLast"/> at T − 1) and
/// the oracle's data law N(<see cref="DataMean"/>, diag <see cref="DataVariance"/>), whose exact ε-predictor stands in
/// for a trained network.
/// </summary>
public abstract record OracleDesign(int Steps, double BetaFirst, double BetaLast)
{
    /// <summary>μ of the oracle's data law, per coordinate.</summary>
    public IReadOnlyList<double> DataMean { get; init; } = [0.5, -0.5];

    /// <summary>s² of the oracle's data law, per coordinate.</summary>
    public virtual IReadOnlyList<double> DataVariance { get; init; } = [0.25, 1.0];

    /// <summary>The schedule the hand-in is run with.</summary>
    public NoiseSchedule Schedule() => ScheduleTerms.Linear(Steps, BetaFirst, BetaLast);
}
