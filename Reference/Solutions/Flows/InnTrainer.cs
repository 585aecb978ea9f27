using Grader.Reference.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Flows;

/// <summary>
/// Maximum-likelihood training of an <see cref="Inn"/> as the notebook trains it: Adam on the loss
/// mean(½‖z‖² − log|det J|)/d over shuffled mini-batches (PyTorch's <c>DataLoader(shuffle=True)</c>: each epoch a fresh
/// permutation of the rows from the generator, consecutive batches of <see cref="InnSettings.BatchSize"/>, the last one
/// possibly smaller), for a fixed number of optimiser steps.
/// </summary>
public static class InnTrainer
{
    /// <summary>The demo's training budget and the reference calibration's (<c>InnCalibrationTests</c>); the grading check trains a hand-in for half of it (<c>InnTrainingQualityBudget</c>: the same measured power).</summary>
    public const int GradingSteps = 1000;

    /// <summary>A new <see cref="Inn"/> initialised from <paramref name="generator"/>, then trained with it for <paramref name="steps"/> steps.</summary>
    public static (Inn Flow, TrainingResult Result) Train(Tensor data, int steps, Generator generator, InnSettings? settings = null,
        Action<TrainingProgress>? progress = null, int progressEvery = 100)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var inn = new Inn(settings ?? InnSettings.Notebook, generator);
        return (inn, Train(inn, data, steps, generator, progress, progressEvery));
    }

    /// <summary>Trains <paramref name="inn"/> in place on <paramref name="data"/> [N, d] for <paramref name="steps"/> Adam steps.</summary>
    public static TrainingResult Train(Inn inn, Tensor data, int steps, Generator generator,
        Action<TrainingProgress>? progress = null, int progressEvery = 100)
    {
        ArgumentNullException.ThrowIfNull(inn);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(progressEvery, 1);
        if (data.dim() != 2 || data.size(1) != inn.Dim || data.size(0) < 1)
            throw new ArgumentException($"InnTrainer: data must be [N ≥ 1, {inn.Dim}], got [{string.Join(", ", data.shape)}]");
        var source = data.contiguous();
        int n = source.size(0), batch = Math.Min(inn.Settings.BatchSize, n);
        var optimizer = optim.Adam(inn.parameters(), lr: inn.Settings.LearningRate);
        int[] order = [];
        int next = n;
        return TrainingLoop.Run("InnTrainer", null, steps, _ =>
        {
            if (next >= n) { order = generator.Permutation(n); next = 0; }
            int size = Math.Min(batch, n - next);
            var rows = order.AsSpan(next, size).ToArray();
            next += size;
            optimizer.zero_grad();
            var loss = inn.Loss(source.index_select(0, rows));
            loss.backward();
            optimizer.step();
            return loss.item();
        }, progress, progressEvery);
    }
}
