using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (c): "construct and train an INN on the event generation dataset". The
/// grader gives the preprocessed training events, a step budget and a seed, then evaluates the returned flow itself:
/// the likelihood of held-out events and the events it generates.
/// </summary>
public interface IInnTraining
{
    /// <param name="data">Preprocessed training events, [N, d] (d = 3 for the sheet's preprocessing).</param>
    /// <param name="steps">Number of optimiser steps the hand-in may take.</param>
    /// <param name="generator">The only source of randomness the hand-in may use.</param>
    /// <returns>The trained flow, data → latent.</returns>
    INormalizingFlow Train(Tensor data, int steps, Generator generator);
}
