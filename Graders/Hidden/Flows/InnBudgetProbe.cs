using Grader.Checks.Checking;
using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Whether an INN training takes the optimiser steps of its budget (sheet 000, ex. 2 (c)): the hand-in's
/// <see cref="IInnTraining.Train"/> is called with the budgets 0, 1, …, <see cref="LargestBudget"/>, each time with a
/// generator in the same state, and each returned flow's Forward is read at the same probe points. A training that takes
/// its budget runs the same first b steps for budgets b and b + 1 and then one more, so the two flows differ; equal z bit
/// for bit means the extra step was never taken (<see cref="TrainingBudgetProbe.UnchangedIncreases"/>).
/// </summary>
/// <remarks>
/// Why the check needs it: a fifth of the budget (steps / 5) trains to a held-out NLL of 3.59 ± 0.17 at 500 steps, inside
/// the spread of a correct but slower recipe (the Correct example, Adam 10⁻³: 2.94 ± 0.22, worst 3.66), so no bound on the
/// scores separates the two on ≥ 19 of 20 seeds without failing correct recipes. The probe separates them by
/// construction: steps / 5 changes nothing for 8 of the 10 increases, steps / 20 for all 10, a correct training for none.
/// The decision is deterministic (no false-fail budget to spend): the check fails when at least
/// <see cref="MaxUnchanged"/> increases changed nothing, so a correct recipe whose first step does not move the weights
/// (a learning-rate warm-up from 0) still passes; a hand-in whose computation is not reproducible only makes the probe
/// silent. Cost: <see cref="LargestBudget"/> + 1 trainings of 0 … 10 steps (55 steps in all) on
/// <see cref="Points"/> events.
/// </remarks>
public static class InnBudgetProbe
{
    /// <summary>The largest budget tried.</summary>
    public const int LargestBudget = 10;

    /// <summary>Training events of the probe's trainings (the first rows of the check's training events).</summary>
    public const int Points = 2000;

    /// <summary>Probe points z is compared at (drawn from N(0, I) in the preprocessed space).</summary>
    public const int ProbePoints = 64;

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
