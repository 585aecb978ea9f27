using Grader.Tensors;

namespace Grader.Contracts.Quickies;

/// <summary>
/// Heidelberg 2023 quickie 3 (e) (sheet 000), the normalizing flow: its loss, the negative log-likelihood of the data
/// under a flow z = f(x) with the standard normal base distribution N(0, I).
/// </summary>
public interface IFlowLoss
{
    /// <param name="z">f(x) for each example, [N, D].</param>
    /// <param name="logDetJacobian">log |det ∂f/∂x| at each example, [N].</param>
    /// <returns>−log p(x) of each example in nats, [N].</returns>
    Tensor NegativeLogLikelihood(Tensor z, Tensor logDetJacobian);
}
