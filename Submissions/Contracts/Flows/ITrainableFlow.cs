using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// A normalizing flow the grader trains (<see cref="IInnTrainingParts"/>, issue 66): the flow x → z of
/// <see cref="INormalizingFlow"/> computed from the trainable parameters it lists, and nothing else.
/// </summary>
public interface ITrainableFlow : INormalizingFlow
{
    /// <summary>
    /// The trainable parameters (leaf tensors with <c>requires_grad</c>), the same tensors in the same order on every
    /// call: the grader reads them once after building the flow, steps them, and copies their values into a fresh flow
    /// of the same shapes.
    /// </summary>
    IReadOnlyList<Tensor> Parameters();
}
