using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 2 (d): log p(x) under the flow, then <see cref="LikelihoodSelection.MostLikely"/>.</summary>
public sealed class ReferenceMostLikelyEvents : IMostLikelyEvents
{
    public int[] MostLikely(Tensor x, INormalizingFlow flow, double fraction)
    {
        ArgumentNullException.ThrowIfNull(flow);
        using var _ = torch.no_grad();
        var (z, logDet) = flow.Forward(x);
        return LikelihoodSelection.MostLikely(-Inn.NegativeLogLikelihood(z, logDet), fraction);
    }
}
