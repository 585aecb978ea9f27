using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// The reference answer to Heidelberg sheet 10, ex. 1 (a) "train the model on the V data set" as the contract asks:
/// <see cref="HeidelbergEpsilonNetwork"/> (initialised from the grader's generator), Algorithm 1 with the notebook's
/// batch 128 drawn with replacement, Adam lr 1e-3 and MSE, for the given number of steps. The returned network takes
/// the contract's τ = t/T ([N, 1]) and feeds the notebook's network the raw integer step round(τ·T).
/// </summary>
public sealed class HeidelbergDiffusionTraining : IDiffusionTraining
{
    public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var betaSchedule = BetaSchedule.FromBetas(schedule.Betas);
        var net = new HeidelbergEpsilonNetwork(generator, data.size(1));
        var preset = TrainingPreset.Heidelberg with { Name = "heidelberg-contract", Schedule = betaSchedule, Steps = steps };
        Trainer.Train(net, net.parameters(), data, preset, generator);
        return new RawTimeInput(net, schedule.T);
    }

    /// <summary>τ = t/T ([N, 1]) → the raw integer step t = round(τ·T) ([N]) the notebook's embedding expects.</summary>
    private sealed class RawTimeInput(HeidelbergEpsilonNetwork network, int T) : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t)
        {
            var tau = t.contiguous().ToArray();
            var raw = tau.Select(v => MathF.Round(v * T)).ToArray();
            return network.forward(zt, tensor(raw, raw.Length));
        }
    }
}
