using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// <see cref="TrainingBudgetProbe"/> for the INN training of sheet 000, ex. 2 (c): the same budgets-one-step-apart
/// comparison (<see cref="TrainingBudgetProbe.UnchangedIncreases"/>), on the flow's z at fixed probe points, and here a
/// verdict rather than a hint: a fifth of the budget trains to a held-out NLL (3.59 ± 0.17 at 500 steps) inside the
/// spread of a correct but slower recipe (2.94 ± 0.22, worst 3.66), so no score bound separates them, while the probe
/// finds 8 of 10 increases unchanged for steps / 5, 10 of 10 for steps / 20 and none for a correct training. The check
/// fails at <see cref="MaxUnchanged"/> or more, so a first step that does not move the weights (a warm-up from a
/// learning rate of 0) still passes. Cost: 11 trainings of 0 … 10 steps on <see cref="Points"/> events.
/// </summary>
public static class InnBudgetProbe
{
    /// <summary>The largest budget tried.</summary>
    public const int LargestBudget = 10;

    /// <summary>Training events (the first rows of the check's) and probe points (N(0, I) in the preprocessed space), as <see cref="TrainingBudgetProbe"/>'s.</summary>
    public const int Points = TrainingBudgetProbe.Points, ProbePoints = TrainingBudgetProbe.ProbePoints;

    /// <summary>The check fails when at least this many of the <see cref="LargestBudget"/> increases changed nothing (half).</summary>
    public const int MaxUnchanged = LargestBudget / 2;

    /// <summary>
    /// The budgets b whose increase to b + 1 returned the same flow, or null when the hand-in's code failed on the way
    /// (the check's other scores then speak). <paramref name="generator"/> gives a generator in the same state at every
    /// call; <paramref name="probeGenerator"/> draws the probe points.
    /// </summary>
    public static List<int>? Unchanged(HandinCall call, IInnTraining training, Tensor features, Func<Generator> generator, Generator probeGenerator)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(probeGenerator);
        var rows = features.narrow(0, 0, Math.Min(Points, features.size(0))).contiguous();
        var probe = randn([ProbePoints, features.size(1)], probeGenerator);
        return TrainingBudgetProbe.UnchangedIncreases(LargestBudget, steps =>
        {
            if (call.Run("Train(preprocessed training events, steps, generator)", () => training.Train(rows.clone(), steps, generator()), out var flow) is not null || flow is null) return null;
            if (call.Run("the trained flow's Forward", () => flow.Forward(probe.clone()).Z, out var z) is not null || z is null) return null;
            return z.shape.SequenceEqual(probe.shape) ? z.contiguous().ToArray() : null;
        });
    }
}
