using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// "Train the model, then sample" with the grader owning the loop (design.md, "Checks", point 4; issue 66): the hand-in
/// supplies the parts the sheet grades — the ε-network, the loss of one batch (Ho et al. Algorithm 1) and its settings —
/// and the grader draws the batches, t and ε, calls <see cref="Loss"/>, runs backward and Adam's step itself. On every
/// batch it checks that the loss is the sheet's formula on the network's own outputs and that only its steps changed
/// the parameters; the trained parameters then cross, as tensors of the shapes <see cref="Model"/> declared, to a
/// fresh network where the samples are drawn. There is no loop in the hand-in: the number of optimiser steps, their
/// batches and the optimiser are the grader's.
/// </summary>
public interface IDiffusionTrainingParts
{
    /// <summary>
    /// A new, untrained ε-network for data of dimension <paramref name="dataDimension"/> and a schedule of
    /// <paramref name="T"/> steps (a network that embeds the raw index recovers it as round(t/T · T)), its initial weights
    /// drawn from <paramref name="generator"/> only (the network never sees the data).
    /// </summary>
    ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator);

    /// <summary>
    /// The loss of one batch (Algorithm 1): z_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, and the mean over the batch and the dimensions
    /// of (ε − ε̂(z_t, t/T))², as a scalar tensor differentiable in the network's parameters.
    /// </summary>
    /// <param name="network">The network being trained (the one <see cref="Model"/> returned).</param>
    /// <param name="schedule">β for each code index.</param>
    /// <param name="x0">The batch, [B, d].</param>
    /// <param name="t">The code indices 0..T−1 the grader drew, one per row.</param>
    /// <param name="epsilon">The noise the grader drew, [B, d].</param>
    Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon);

    /// <summary>The learning rate and batch size the student chose, within the bounds the grader states.</summary>
    TrainingSettings Settings();
}
