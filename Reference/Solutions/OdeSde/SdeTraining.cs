using System.Diagnostics;
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
        var losses = new float[preset.Steps];
        var clock = Stopwatch.StartNew();
        double running = 0;
        int sinceReport = 0;
        using (enable_grad())
        {
            for (int step = 0; step < preset.Steps; step++)
            {
                var batch = source.index_select(0, batches.Next(generator));
                optimizer.zero_grad();
                var loss = -SdeElbo.Compute(model, batch, noise, createGraph: true).Elbo.mean();
                loss.backward();
                optimizer.step();
                losses[step] = loss.item();
                if (!float.IsFinite(losses[step]))
                    throw new InvalidOperationException($"SdeTraining: the loss became {losses[step]} at step {step + 1} of preset '{preset.Name}'");
                running += losses[step];
                sinceReport++;
                if (progress is not null && ((step + 1) % progressEvery == 0 || step + 1 == preset.Steps))
                {
                    progress(new TrainingProgress(step + 1, preset.Steps, running / sinceReport, clock.Elapsed));
                    running = 0;
                    sinceReport = 0;
                }
            }
        }
        return new TrainingResult(losses, clock.Elapsed);
    }
}
