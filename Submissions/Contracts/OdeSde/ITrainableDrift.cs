using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.3–1.4: <c>ODE.ipynb</c>'s drift network as a part the grader trains (issue 66): the drift
/// f(x, t) with its partial derivatives (<see cref="IDifferentiableNetwork"/>), computed from the trainable tensors
/// <see cref="Parameters"/> lists and nothing else. After training only those tensors' values are kept: the grader copies
/// them, by shape, into a fresh drift from <see cref="IOdeTrainingParts.Model"/>. <see cref="IDifferentiableNetwork.Forward"/>
/// called with gradients enabled must be on the graph of the parameters and of x (the notebook's <c>drift(x, t)</c>):
/// the grader's loss, which the optimiser steps on (issue 79), differentiates it twice in x and backpropagates through it.
/// </summary>
public interface ITrainableDrift : IDifferentiableNetwork
{
    /// <summary>The trainable tensors (leaves with requires_grad, e.g. the weights and biases of nn.Linear), in a fixed order.</summary>
    IReadOnlyList<Tensor> Parameters();
}
