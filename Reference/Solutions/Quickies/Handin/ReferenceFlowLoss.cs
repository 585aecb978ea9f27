using Grader.Contracts.Quickies;
using Grader.Tensors;

namespace Grader.Reference.Quickies.Handin;

/// <summary>The reference as a hand-in of quickie 3 (e), the flow: <see cref="GenerativeLosses.FlowNegativeLogLikelihood"/>.</summary>
public sealed class ReferenceFlowLoss : IFlowLoss
{
    public Tensor NegativeLogLikelihood(Tensor z, Tensor logDetJacobian) => GenerativeLosses.FlowNegativeLogLikelihood(z, logDetJacobian);
}
