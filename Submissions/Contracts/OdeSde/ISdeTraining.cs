using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, task 2.3 ("Run training"): train the SDE model by maximising the ELBO of the data. The grader gives the
/// training data, a step budget and a generator, and evaluates the returned model itself (the ELBO of held-out data,
/// and samples).
/// </summary>
public interface ISdeTraining
{
    /// <param name="data">Training data y, [N, 1].</param>
    /// <param name="steps">Number of optimiser steps the hand-in may take.</param>
    /// <param name="generator">The only source of randomness the hand-in may use (initialisation, batches, t and ε).</param>
    /// <returns>The trained model.</returns>
    ISdeModel Train(Tensor data, int steps, Generator generator);
}
