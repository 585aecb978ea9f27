using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 2 (a)/(c): <see cref="Inn.NegativeLogLikelihood(Tensor, Tensor)"/> of the flow's output.</summary>
public sealed class ReferenceFlowNegativeLogLikelihood : IFlowNegativeLogLikelihood
{
    public Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var (z, logDet) = flow.Forward(x);
        return Inn.NegativeLogLikelihood(z, logDet);
    }
}
