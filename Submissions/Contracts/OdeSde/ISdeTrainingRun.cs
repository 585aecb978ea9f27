using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// The grader's training of a hand-in's <see cref="ISdeTrainingParts"/> (issue 66), answered beside the hand-in by the
/// grader's own loop whatever the hand-in declares: the loop runs where the model lives (backward needs the graph the
/// hand-in's loss built). What it records crosses back as values; the loss's formula is checked by the grader, not here.
/// </summary>
public interface ISdeTrainingRun
{
    /// <summary>
    /// Trains the parts on <paramref name="data"/> [N, 1] for <paramref name="steps"/> Adam steps on the gradient of
    /// <paramref name="loss"/>, the grader's (issue 79); the hand-in's loss is called on every step and recorded, never stepped on.
    /// </summary>
    /// <param name="modelGenerator">The generator the model's initial weights are drawn from.</param>
    /// <param name="batchGenerator">The grader's generator for the batches, the recorded steps and the ELBO's draws.</param>
    /// <param name="loss">The grader's loss of one batch, which the optimiser steps on.</param>
    SdeTrainingOutcome Train(Tensor data, int steps, Generator modelGenerator, Generator batchGenerator, ISdeGraderLoss loss);

    /// <summary>A fresh model from a fresh instance of the parts, holding <paramref name="values"/> (by the declared shapes).</summary>
    ITrainableSdeModel Trained(Generator modelGenerator, IReadOnlyList<Tensor> values);
}
