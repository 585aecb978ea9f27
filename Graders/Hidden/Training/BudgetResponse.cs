namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The budget response of a training check (issue 45, item 3): the hand-in's <c>Train</c> is called a second time, the
/// same call (data, schedule, generator) but with a drawn fraction of the real budget, before or after the full call as
/// the run draws; both networks are scored on the same noised held-out rows, and the full budget must improve the loss
/// by at least <see cref="MinImprovement"/> while the smaller budget's loss stays at most <see cref="MaxFractionLoss"/>.
/// A network that does not come from the budget's optimiser steps (a fixed function, a closed-form or kernel denoiser
/// of the training points) improves by exactly 0; a training that takes fewer steps than asked is either far worse at
/// the smaller budget or no better at the full one. Used by <see cref="Images.DtuImageTrainingQuality"/> and
/// <see cref="HeidelbergVTrainingQuality"/>; each states its calibration.
/// </summary>
/// <param name="FractionLow">The smallest fraction of the budget drawn.</param>
/// <param name="FractionHigh">The largest fraction drawn.</param>
/// <param name="MaxFractionLoss">Bound on the smaller budget's held-out loss.</param>
/// <param name="MinImprovement">Bound on the loss's improvement from the smaller to the full budget.</param>
public sealed record BudgetResponse(double FractionLow, double FractionHigh, double MaxFractionLoss, double MinImprovement)
{
    /// <summary>
    /// The run's smaller budget, a fraction of <paramref name="steps"/> drawn uniformly from [<see cref="FractionLow"/>,
    /// <see cref="FractionHigh"/>], rounded, at least 1; then whether the smaller budget's call comes first (probability ½).
    /// </summary>
    public (int Steps, bool FractionFirst) Draw(int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var fractionSteps = FractionOf(steps, FractionLow, FractionHigh, generator);
        return (fractionSteps, generator.NextDouble() < 0.5);
    }

    /// <summary>
    /// A smaller budget of every training check's budget response (V, images, INN, ODE, SDE): a fraction of
    /// <paramref name="steps"/> drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>], rounded, at least 1.
    /// </summary>
    public static int FractionOf(int steps, double low, double high, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Math.Max(1, (int)Math.Round((low + (high - low) * generator.NextDouble()) * steps));
    }

    /// <summary>The two bounds, the smaller budget's loss and the improvement, in that order (single bounds: no indifference zone).</summary>
    public IReadOnlyList<ScoreBound> Bounds =>
    [
        new($"held-out denoising loss with a smaller budget", MaxFractionLoss, MaxFractionLoss, MaxFractionLoss),
        new($"improvement of the loss from the smaller to the full budget", MinImprovement, MinImprovement, MinImprovement, HigherIsBetter: true),
    ];

    /// <summary>
    /// The full and the smaller budget's calls, in the drawn order; the first failure of either ends it (the other is not
    /// called after a failure).
    /// </summary>
    public static CheckResult? InOrder(bool fractionFirst, Func<CheckResult?> full, Func<CheckResult?> fraction)
    {
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(fraction);
        return fractionFirst ? fraction() ?? full() : full() ?? fraction();
    }

    /// <summary>
    /// The sentence of a failure whose improvement is below its bound (the cause it proves), or "" when it is not:
    /// trained twice with the same data and generator, the network did not improve with the budget.
    /// </summary>
    public string NotResponding(double improvement, string data) =>
        Bounds[1].Fails(improvement)
            ? $" Trained twice on the same {data} with the same generator, once with the full budget and once with a smaller one, your network's held-out loss did not improve with the budget as a training that takes every optimiser step of its budget does: the returned network must be the result of Algorithm 1's gradient steps, as many as the budget says."
            : "";
}
