using Grader.Contracts.Flows;
using Grader.Reference.Flows.Tum;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of TUM P1 (b): not a valid flow, for any powers; <see cref="ThreeDimensionalTransformation.Collision"/>.</summary>
public sealed class ReferenceThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    public FlowValidityAnswer Answer(int p, int q)
    {
        var (first, second) = ThreeDimensionalTransformation.Collision(p, q);
        return new FlowValidityAnswer(false, first, second);
    }
}
