using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The reference's trainer (<see cref="Trainer"/>) as a hand-in of <see cref="IDiffusionTraining"/>: what the training
/// checks' thresholds are calibrated on. It returns a network in the contract's convention (time input t/T, [N, 1]).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Dtu"/>: ddpm.py's FcNetwork(2, 64) with the DTU grading recipe (<see cref="TrainingPreset.DtuGrading"/>:
/// batch 1000, Adam lr 1e-3, loss = mean per-sample negative ELBO). <see cref="Heidelberg"/>: the notebook's network
/// (<see cref="HeidelbergEpsilonNetwork"/>, which takes the raw index) behind a t/T adapter, with the notebook's recipe
/// (<see cref="TrainingPreset.HeidelbergGrading"/>: batch 128, Adam lr 1e-3, MSE). Both draw batches with replacement
/// from the given data, and every random number (weights, batches, t, ε) from the given generator.
/// </para>
/// <para>
/// <see cref="TimeInput"/> exists for the power controls of the checks: <see cref="TrainingTime.RawIndex"/> trains
/// the network on the other convention than the one it is returned with (DTU: raw t in training, t/T when sampled;
/// Heidelberg: t/T fed into the raw-index network in training, the raw index when sampled): a wrong time convention.
/// </para>
/// </remarks>
public sealed class ReferenceTraining : IDiffusionTraining
{
    private readonly Func<Generator, int, (Module Module, IEpsilonNetwork Contract, Func<bool, IEpsilonModel> Model)> _build;

    private ReferenceTraining(string name, TrainingPreset preset, Func<Generator, int, (Module, IEpsilonNetwork, Func<bool, IEpsilonModel>)> build, TrainingTime time)
    {
        Name = name;
        Preset = preset;
        _build = build;
        TimeInput = time;
    }

    /// <summary>The DTU recipe: FcNetwork(2, 64), batch 1000.</summary>
    public static ReferenceTraining Dtu { get; } = new("reference DTU trainer", TrainingPreset.DtuGrading, (g, T) =>
    {
        var net = new FcNetwork(2, g);
        return (net, net, raw => raw ? new RawTimeColumn(net) : net.WithNormalisedTime(T));
    }, TrainingTime.FractionOfT);

    /// <summary>The Heidelberg recipe: the notebook's network behind a t/T adapter, batch 128.</summary>
    public static ReferenceTraining Heidelberg { get; } = new("reference Heidelberg trainer", TrainingPreset.HeidelbergGrading, (g, T) =>
    {
        var net = new HeidelbergEpsilonNetwork(g);
        return (net, new FractionOfTAdapter(net, T), raw => raw ? new TimeScaled(net, 1.0 / T) : net);
    }, TrainingTime.FractionOfT);

    public string Name { get; }

    /// <summary>The recipe (schedule and steps are replaced by the grader's).</summary>
    public TrainingPreset Preset { get; }

    /// <summary>The time input the network sees during training.</summary>
    public TrainingTime TimeInput { get; }

    /// <summary>This trainer with the given time input during training (<see cref="TrainingTime.RawIndex"/>: a broken control).</summary>
    public ReferenceTraining WithTimeInput(TrainingTime time) => new(Name + (time == TrainingTime.RawIndex ? " (trained on raw t)" : ""), Preset, _build, time);

    public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(generator);
        var preset = Preset with { Schedule = BetaSchedule.FromBetas(schedule.Betas), Steps = steps };
        var (module, contract, model) = _build(generator, schedule.T);
        Trainer.Train(model(TimeInput == TrainingTime.RawIndex), module.parameters(), data, preset, generator);
        return contract;
    }

    public override string ToString() => Name;

    /// <summary>What the network is fed as its time input while it is trained.</summary>
    public enum TrainingTime
    {
        /// <summary>t/T, the contract's convention.</summary>
        FractionOfT,

        /// <summary>The other convention (see the type's remarks): a broken control.</summary>
        RawIndex,
    }

    /// <summary>The Heidelberg network (raw index) seen through the contract's t/T input.</summary>
    private sealed class FractionOfTAdapter(HeidelbergEpsilonNetwork network, int steps) : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t)
        {
            var tau = t.reshape(-1).ToArray();
            var raw = tau.Select(v => (float)Math.Round(v * steps)).ToArray();
            return network.forward(zt, tensor(raw, raw.Length));
        }
    }

    /// <summary>The FcNetwork fed the raw index as its time column (the wrong-convention control).</summary>
    private sealed class RawTimeColumn(FcNetwork network) : IEpsilonModel
    {
        public Tensor Predict(Tensor zt, int[] t) => network.forward(zt, tensor(t.Select(v => (float)v).ToArray(), t.Length, 1));
    }

    /// <summary>The Heidelberg network fed t·scale (with scale 1/T: t/T where it expects the raw index).</summary>
    private sealed class TimeScaled(HeidelbergEpsilonNetwork network, double scale) : IEpsilonModel
    {
        public Tensor Predict(Tensor zt, int[] t) => network.forward(zt, tensor(t.Select(v => (float)(v * scale)).ToArray(), t.Length));
    }
}
