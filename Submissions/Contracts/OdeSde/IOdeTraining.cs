using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4 ("Run training"): train the drift network of the ODE model by maximising the
/// log-likelihood of the data. The grader gives the training data, a step budget and a generator, and evaluates the
/// returned drift itself (the log-likelihood of held-out data, and samples).
/// </summary>
public interface IOdeTraining
{
    /// <param name="data">Training data y, [N, 1].</param>
    /// <param name="steps">Number of optimiser steps the hand-in may take.</param>
    /// <param name="generator">The only source of randomness the hand-in may use (initialisation, batches).</param>
    /// <returns>The trained drift f(x, t), with its partial derivatives.</returns>
    IDifferentiableNetwork Train(Tensor data, int steps, Generator generator);
}
