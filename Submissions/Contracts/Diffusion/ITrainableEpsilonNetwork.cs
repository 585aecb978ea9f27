using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// The ε-network of a train-and-sample task whose training the grader runs (<see cref="IDiffusionTrainingParts"/>):
/// ε̂ = network(z_t, t/T), t/T as [N, 1], and the parameters the grader's optimiser updates. Everything the network
/// computes must come from these parameters and its inputs: after training, only their values cross to a fresh
/// network built by the hand-in's <see cref="IDiffusionTrainingParts.Model"/>, where the samples are drawn.
/// </summary>
public interface ITrainableEpsilonNetwork : IEpsilonNetwork
{
    /// <summary>
    /// The trainable parameters (leaf tensors with <c>requires_grad</c>), the same tensors in the same order on every
    /// call: the grader reads them once after building the network, steps them, and copies their values into a fresh
    /// network of the same shapes.
    /// </summary>
    IReadOnlyList<Tensor> Parameters();
}
