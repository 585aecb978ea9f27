using Grader.Reference.Data;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Trains an ε-network with Ho et al. (2020) Algorithm 1 and Adam: per step a batch x₀, code indices
/// t ~ U{0..T−1}, ε ~ N(0, I), z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, loss ‖ε − ε_θ(z_t, t)‖² reduced as the preset says.
/// One <see cref="Generator"/> drives every draw, so (network init, data, seed) fix the loss curve. Each step runs in a
/// <c>torch.memory_scope()</c>: the tensors it makes return to the engine's pool when it ends, so the model must not
/// keep a tensor from one step to the next (the reference networks keep none; parameters and their grads survive).
/// </summary>
/// <remarks>
/// Draw order per step, from a fixed data tensor (the Heidelberg notebook's <c>DiffusionDataloader</c>): t [B], ε [B, D],
/// then B row indices with replacement. From a distribution (DTU: every step sees fresh points, as one epoch over
/// 10⁷ draws does): x₀ [B, D] first, then t, then ε (the order of <c>DDPM.negative_elbo</c> after the loader).
/// </remarks>
public static class Trainer
{
    /// <summary>Trains on a fixed data set [N, D], batches drawn with replacement.</summary>
    /// <param name="model">ε_θ on code indices (e.g. a <see cref="HeidelbergEpsilonNetwork"/>, or <c>FcNetwork.WithNormalisedTime(T)</c>).</param>
    /// <param name="parameters">What Adam updates (the network's <c>parameters()</c>).</param>
    /// <param name="progress">Called every <paramref name="progressEvery"/> steps (and after the last) with the running loss.</param>
    public static TrainingResult Train(IEpsilonModel model, IEnumerable<Tensor> parameters, Tensor data, TrainingPreset preset, Generator generator,
        Action<TrainingProgress>? progress = null, int progressEvery = 1000)
    {
        if (data.dim() != 2 || data.size(0) < 1) throw new ArgumentException($"Trainer: data must be [N ≥ 1, D], got [{string.Join(", ", data.shape)}]");
        var source = data.contiguous();
        int n = source.size(0);
        return Run(model, parameters, preset, generator, progress, progressEvery, g =>
        {
            var t = DrawTimesteps(preset, g);
            var eps = randn([preset.BatchSize, source.size(1)], g);
            var rows = new int[preset.BatchSize];
            for (int i = 0; i < rows.Length; i++) rows[i] = (int)g.NextInt(0, n);
            return (source.index_select(0, rows), t, eps);
        });
    }

    /// <summary>Trains on fresh draws of <paramref name="distribution"/> every step (mapped by <paramref name="map"/>, e.g. the DTU map to [−1, 1]).</summary>
    public static TrainingResult Train(IEpsilonModel model, IEnumerable<Tensor> parameters, IToyDistribution distribution, TrainingPreset preset, Generator generator,
        Func<Tensor, Tensor>? map = null, Action<TrainingProgress>? progress = null, int progressEvery = 1000)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return Run(model, parameters, preset, generator, progress, progressEvery, g =>
        {
            var x0 = distribution.Sample(preset.BatchSize, g);
            if (map is not null) x0 = map(x0);
            var t = DrawTimesteps(preset, g);
            return (x0, t, randn([preset.BatchSize, distribution.Dim], g));
        });
    }

    /// <summary>
    /// Algorithm 1's loss on one batch: <see cref="Losses.SimpleLoss"/> (mean over batch and dimensions) or
    /// <see cref="Losses.NegativeElbo"/>.mean() (sum over dimensions), as <paramref name="reduction"/> says.
    /// Differentiable in the network's parameters.
    /// </summary>
    public static Tensor Loss(IEpsilonModel model, BetaSchedule schedule, Tensor x0, int[] t, Tensor epsilon, LossReduction reduction) =>
        reduction == LossReduction.MeanOverElements
            ? Losses.SimpleLoss(model, schedule, x0, t, epsilon)
            : Losses.NegativeElbo(model, schedule, x0, t, epsilon).mean();

    private static int[] DrawTimesteps(TrainingPreset preset, Generator g)
    {
        var t = new int[preset.BatchSize];
        for (int i = 0; i < t.Length; i++) t[i] = (int)g.NextInt(0, preset.Schedule.T);
        return t;
    }

    private static TrainingResult Run(IEpsilonModel model, IEnumerable<Tensor> parameters, TrainingPreset preset, Generator generator,
        Action<TrainingProgress>? progress, int progressEvery, Func<Generator, (Tensor x0, int[] t, Tensor eps)> batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(generator);
        if (preset.Steps < 0 || preset.BatchSize < 1 || !(preset.LearningRate > 0))
            throw new ArgumentException($"Trainer: preset '{preset.Name}' needs steps ≥ 0, batch ≥ 1 and lr > 0");
        if (progressEvery < 1) throw new ArgumentOutOfRangeException(nameof(progressEvery), progressEvery, "must be ≥ 1");
        var optimizer = optim.Adam(parameters, lr: preset.LearningRate);
        return TrainingLoop.Run("Trainer", preset.Name, preset.Steps, _ =>
        {
            using var scope = memory_scope();   // the step's tensors go back to the pool when it ends (the model must not keep them)
            var (x0, t, eps) = batch(generator);
            optimizer.zero_grad();
            var loss = Loss(model, preset.Schedule, x0, t, eps, preset.Loss);
            loss.backward();
            optimizer.step();
            return loss.item();
        }, progress, progressEvery);
    }
}
