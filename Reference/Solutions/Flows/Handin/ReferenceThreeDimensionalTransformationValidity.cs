using Grader.Contracts.Flows;
using Grader.Reference.Flows.Tum;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of TUM P1 (b): not a valid flow; <see cref="ThreeDimensionalTransformation.Collision"/>.</summary>
public sealed class ReferenceThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    public FlowValidityAnswer Answer()
    {
        var (first, second) = ThreeDimensionalTransformation.Collision();
        return new FlowValidityAnswer(false, first, second);
    }
}
