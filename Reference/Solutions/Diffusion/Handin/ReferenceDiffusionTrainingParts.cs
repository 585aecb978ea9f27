using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>
/// The reference's parts of a training the grader runs (<see cref="IDiffusionTrainingParts"/>, issue 66), for the V of
/// Heidelberg sheet 000/001 1 (a): the notebook's network (<see cref="HeidelbergEpsilonNetwork"/>, which takes the raw
/// index) seen through the contract's t/T input, Algorithm 1's loss (<see cref="Losses.SimpleLoss"/>: the notebook's MSE,
/// the mean over batch and dimensions) and the notebook's settings (Adam lr 1e-3, batch 128).
/// </summary>
public sealed class ReferenceDiffusionTrainingParts : IDiffusionTrainingParts
{
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new FractionOfT(new HeidelbergEpsilonNetwork(generator, dataDimension), T);

    public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(schedule);
        return Losses.SimpleLoss(new FractionOfTModel(network, schedule.T), BetaSchedule.FromBetas(schedule.Betas), x0, t, epsilon);
    }

    public TrainingSettings Settings() => new(TrainingPreset.Heidelberg.LearningRate, TrainingPreset.Heidelberg.BatchSize);

    /// <summary>The notebook's network behind the contract's t/T input ([N, 1] or [N]; the raw index is round(τ·T)).</summary>
    private sealed class FractionOfT(HeidelbergEpsilonNetwork network, int steps) : ITrainableEpsilonNetwork
    {
        private readonly Tensor[] _parameters = [.. network.parameters()];

        public IReadOnlyList<Tensor> Parameters() => _parameters;

        public Tensor Forward(Tensor zt, Tensor t)
        {
            ArgumentNullException.ThrowIfNull(t);
            var raw = t.reshape(-1).ToArray().Select(v => (float)Math.Round(v * steps)).ToArray();
            return network.forward(zt, tensor(raw, raw.Length));
        }
    }

    private sealed class FractionOfTModel(ITrainableEpsilonNetwork network, int steps) : IEpsilonModel
    {
        public Tensor Predict(Tensor zt, int[] t) => network.Forward(zt, tensor(t.Select(v => (float)((double)v / steps)).ToArray(), t.Length, 1));
    }
}
