using Grader.Contracts.Diffusion;
using Grader.Remote.Channel;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// Names a training that does not take one optimiser step per step of its budget, for the message of a failed
/// training check: the hand-in's <c>Train</c> is called with the budgets 0, 1, …, <see cref="LargestBudget"/>, each time
/// with a generator in the same state, and the returned networks are asked for ε̂ at the same probe points. A training
/// that takes its budget runs the same first b steps for budgets b and b + 1 and then one more, so its two networks
/// differ; one that returns the very same numbers for both took no step for the budget's last step (steps / 10 does so
/// for 18 of the 20 increases; a loop that stops one step early for the increase from 0 to 1).
/// </summary>
/// <remarks>
/// The comparison is equality of the float32 outputs of two networks evaluated on the same inputs in the same process
/// (the hand-in's), one after the other. Equal outputs are what identical weights give, so the probe names the bug only
/// when an extra optimiser step changed nothing at 64 points, which no step of a gradient method with a non-zero
/// gradient does; a hand-in whose computation is not reproducible (threads, its own clock-seeded randomness) only makes
/// the probe say nothing. It runs only after a training check has failed, so a passing hand-in never pays for it
/// (21 trainings of 0–20 steps on 2000 points, 210 steps in all).
/// </remarks>
public static class TrainingBudgetProbe
{
    /// <summary>The largest budget tried.</summary>
    public const int LargestBudget = 20;

    /// <summary>Training points the probe trains on (the first rows of the check's training data).</summary>
    public const int Points = 2000;

    /// <summary>Probe points at which the networks are compared.</summary>
    public const int ProbePoints = 64;

    /// <summary>
    /// <paramref name="failed"/> (a training check's failure) with the sentence naming the bug appended when the probe
    /// finds it; unchanged otherwise. Trains on <paramref name="data"/> with generators of the salts
    /// <paramref name="salt"/> (probe points) and <paramref name="salt"/> + 1 (every training).
    /// </summary>
    public static Results.CheckResult Explain(Results.CheckResult failed, CheckContext context, string id, string sheetRef, Tensor data, NoiseSchedule schedule, ulong salt)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(id, sheetRef);
        if (call.Resolve<IDiffusionTraining>(context, out var training) is not null) return failed;
        var probe = context.NewGenerator(salt);
        return Diagnose(call, training, data, schedule, () => context.NewGenerator(salt + 1), probe) is { } named
            ? failed with
            {
                Message = $"{failed.Message} {named.Student}",
                TutorDetail = failed.TutorDetail is null ? named.Tutor : $"{failed.TutorDetail}; {named.Tutor}",
            }
            : failed;
    }

    /// <summary>
    /// The sentence naming the bug in the sheet's terms (no budget figures) and the probe's figures for the tutor, or
    /// null when every budget increase changed the network (or the hand-in's code failed on the way; the check's own
    /// message stands then).
    /// </summary>
    /// <param name="generator">A generator in the same state at every call (one salt of the check's context).</param>
    /// <param name="probeGenerator">Draws the probe points.</param>
    public static (string Student, string Tutor)? Diagnose(HandinCall call, IDiffusionTraining training, Tensor data, NoiseSchedule schedule, Func<Generator> generator, Generator probeGenerator)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(probeGenerator);
        var points = data.narrow(0, 0, Math.Min(Points, data.size(0))).contiguous();
        int dim = data.size(1);
        var zt = randn([ProbePoints, dim], probeGenerator);
        var tau = tensor(Enumerable.Range(0, ProbePoints).Select(i => (float)((i * schedule.T / ProbePoints) / (double)schedule.T)).ToArray(), ProbePoints, 1);
        var unchanged = UnchangedIncreases(LargestBudget, steps =>
        {
            if (call.Run("Train(data, schedule, steps, generator)", () => training.Train(points, schedule, steps, generator()), out var network) is not null || network is null) return null;
            network = RemoteProxy.InCallersGradMode(network);   // as TrainAndSample.Train's: every trained ε-network is read in no_grad, in the host too
            Tensor output;
            using (no_grad())
            {
                if (call.Run("the trained network", () => network.Forward(zt, tau), out output) is not null || output is null) return null;
            }

            return output.shape.SequenceEqual(zt.shape) ? output.ToArray() : null;
        });
        if (unchanged is null || unchanged.Count == 0) return null;
        var example = unchanged.Count > 1 ? unchanged[1] : unchanged[0];
        return (
            "Your training takes fewer optimiser steps than its budget: trained twice from the same random numbers with budgets one step apart, it returned the very same network, so the last step of the larger budget was never taken. Algorithm 1 repeats its gradient step; the budget is the number of optimiser steps to take.",
            $"budget probe: budgets 0 … {LargestBudget} on {points.size(0)} points, the same network for {unchanged.Count} of the {LargestBudget} increases by one step (e.g. steps = {example} and {example + 1})");
    }

    /// <summary>
    /// The budgets b in 0 … <paramref name="largest"/> − 1 whose increase to b + 1 changed nothing: <paramref name="outputAt"/>
    /// (a training with that budget from a generator in the same state, its outputs at fixed probe inputs) returned the
    /// same float32 values bit for bit for b and b + 1. Null when <paramref name="outputAt"/> returns null for a budget (the
    /// hand-in's code failed on the way).
    /// </summary>
    public static List<int>? UnchangedIncreases(int largest, Func<int, float[]?> outputAt)
    {
        ArgumentNullException.ThrowIfNull(outputAt);
        var outputs = new List<float[]>();
        for (var budget = 0; budget <= largest; budget++)
        {
            if (outputAt(budget) is not { } output) return null;
            outputs.Add(output);
        }

        return Enumerable.Range(0, largest).Where(b => outputs[b].AsSpan().SequenceEqual(outputs[b + 1])).ToList();
    }
}
