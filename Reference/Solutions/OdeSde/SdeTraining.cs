using Grader.Reference.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>SDE.ipynb</c>'s <c>training_loop_sde</c>: Adam with weight decay over f, α, β (with the shared log β) and σ, loss
/// −mean ELBO of a batch (<see cref="SdeElbo"/> with <c>createGraph</c>), batches as a shuffled <c>DataLoader</c>
/// (<see cref="EpochBatches"/>). Per step the generator draws the batch (at an epoch's start: the permutation), then t
/// and the three ε (<see cref="GeneratorElboNoise"/>, in the notebook's order); the model's initialisation comes first.
/// </summary>
public static class SdeTraining
{
    /// <summary>Trains <paramref name="model"/> in place; the losses are −mean ELBO of each batch.</summary>
    public static TrainingResult Train(SdeModel model, Tensor data, SdeTrainingPreset preset, Generator generator,
        Action<TrainingProgress>? progress = null, int progressEvery = 200)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(generator);
        OdeLogLikelihood.CheckData(data);
        if (preset.Steps < 0 || preset.BatchSize < 1 || !(preset.LearningRate > 0) || !(preset.WeightDecay >= 0))
            throw new ArgumentException($"SdeTraining: preset '{preset.Name}' needs steps ≥ 0, batch ≥ 1, lr > 0 and weight decay ≥ 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(progressEvery, 1);
        var optimizer = optim.Adam(model.parameters(), lr: preset.LearningRate, weight_decay: preset.WeightDecay);
        var source = data.detach().contiguous();
        var batches = new EpochBatches(source.size(0), preset.BatchSize);
        var noise = new GeneratorElboNoise(generator);
        return TrainingLoop.Run("SdeTraining", preset.Name, preset.Steps, _ =>
        {
            var batch = source.index_select(0, batches.Next(generator));
            optimizer.zero_grad();
            var loss = -SdeElbo.Compute(model, batch, noise, createGraph: true).Elbo.mean();
            loss.backward();
            optimizer.step();
            return loss.item();
        }, progress, progressEvery);
    }
}
