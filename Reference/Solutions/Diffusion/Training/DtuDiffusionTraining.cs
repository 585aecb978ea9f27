using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The reference answer to DTU week 3, ex. 3.4 "train the DDPM on TwoGaussians / Chequerboard" as the contract asks:
/// <see cref="FcNetwork"/>(D, 64) (initialised from the grader's generator) fed τ = t/T, Algorithm 1 with the per-sample
/// negative ELBO, Adam lr 1e-3, batches of <see cref="BatchSize"/> drawn with replacement from the given data (the
/// script's 10,000 by default; <see cref="TrainingPreset.DtuGrading"/> uses 1,000). Returns the network itself, which
/// already takes τ as [N, 1].
/// </summary>
public sealed class DtuDiffusionTraining(int batchSize = 10_000) : IDiffusionTraining
{
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");

    public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var betaSchedule = BetaSchedule.FromBetas(schedule.Betas);
        var net = new FcNetwork(data.size(1), generator);
        var preset = TrainingPreset.Dtu with { Name = "dtu-contract", Schedule = betaSchedule, Steps = steps, BatchSize = BatchSize };
        Trainer.Train(net.WithNormalisedTime(schedule.T), net.parameters(), data, preset, generator);
        return net;
    }
}
