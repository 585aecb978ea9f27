using Grader.Reference.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// <c>ODE.ipynb</c>'s <c>training_loop_ode</c>: Adam (weight decay 0) on loss = −mean log p(y) over a batch, log p by
/// <see cref="OdeLogLikelihood"/> with the preset's integrator and <c>createGraph</c>. Batches follow the notebook's
/// <c>DataLoader(shuffle=True)</c>: a fresh permutation of the data each epoch, cut into consecutive batches (the last
/// one shorter when the batch size does not divide N); the step budget may end inside an epoch. One
/// <see cref="Generator"/> drives every draw (after the network's initialisation: the permutations), so
/// (network, data, seed) fix the loss curve.
/// </summary>
public static class OdeTraining
{
    /// <summary>Trains <paramref name="drift"/> in place; the losses are −mean log p of each batch.</summary>
    public static TrainingResult Train(DriftNetwork drift, Tensor data, OdeTrainingPreset preset, Generator generator,
        Action<TrainingProgress>? progress = null, int progressEvery = 8)
    {
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(generator);
        OdeLogLikelihood.CheckData(data);
        if (preset.Steps < 0 || preset.BatchSize < 1 || !(preset.LearningRate > 0))
            throw new ArgumentException($"OdeTraining: preset '{preset.Name}' needs steps ≥ 0, batch ≥ 1 and lr > 0");
        ArgumentOutOfRangeException.ThrowIfLessThan(progressEvery, 1);
        var grid = new TimeGrid(preset.TimePoints);
        var optimizer = optim.Adam(drift.parameters(), lr: preset.LearningRate);
        var source = data.detach().contiguous();
        var batches = new EpochBatches(source.size(0), preset.BatchSize);
        return TrainingLoop.Run("OdeTraining", preset.Name, preset.Steps, _ =>
        {
            var batch = source.index_select(0, batches.Next(generator));
            optimizer.zero_grad();
            var loss = -OdeLogLikelihood.Mean(drift, batch, preset.Method, grid, createGraph: true);
            loss.backward();
            optimizer.step();
            return loss.item();
        }, progress, progressEvery);
    }
}
