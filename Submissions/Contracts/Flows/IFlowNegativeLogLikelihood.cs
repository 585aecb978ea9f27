using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (a) and (c): the loss of a normalizing flow, from the log-likelihood.
/// </summary>
public interface IFlowNegativeLogLikelihood
{
    /// <summary>−log p(x) of each sample x under the flow, whose latent space has the density N(0, I).</summary>
    /// <param name="x">[N, d].</param>
    /// <param name="flow">The flow x → z.</param>
    /// <returns>[N].</returns>
    Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow);
}
