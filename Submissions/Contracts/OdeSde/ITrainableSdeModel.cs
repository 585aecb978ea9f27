using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, task 2.3: <c>SDE.ipynb</c>'s model as a part the grader trains (issue 66): the generative drift f(x, t) and
/// diffusion σ(x, t), the variational mean α(y, t) and standard deviation β(y, t) and the likelihood's β
/// (<see cref="ISdeModel"/>), all computed from the trainable tensors <see cref="Parameters"/> lists and nothing else.
/// After training only those tensors' values are kept: the grader copies them, by shape, into a fresh model from
/// <see cref="ISdeTrainingParts.Model"/>. The grader's loss trains the model through its outputs (issue 79): each
/// network's <see cref="IDifferentiableNetwork.Forward"/>, called with gradients enabled, must be on the graph of the
/// parameters and of its inputs x and t (no no_grad, no detach inside Forward), and <see cref="LikelihoodBeta"/> on the
/// graph of the parameters.
/// </summary>
public interface ITrainableSdeModel : ISdeModel
{
    /// <summary>The trainable tensors of all four networks and the likelihood's β (leaves with requires_grad), in a fixed order.</summary>
    IReadOnlyList<Tensor> Parameters();

    /// <summary>β of the likelihood p(y | x₁) = N(y; x₁, β²) as a one-element tensor on the graph of the parameters (the value <see cref="ISdeModel.LikelihoodStd"/> reports).</summary>
    Tensor LikelihoodBeta();
}
