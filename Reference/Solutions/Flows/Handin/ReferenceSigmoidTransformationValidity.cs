using Grader.Contracts.Flows;
using Grader.Reference.Flows.Tum;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of TUM P1 (a): not a valid flow; <see cref="SigmoidTransformation.Collision"/>.</summary>
public sealed class ReferenceSigmoidTransformationValidity : ISigmoidTransformationValidity
{
    public FlowValidityAnswer Answer(double[] a)
    {
        var (first, second) = SigmoidTransformation.Collision(a);
        return new FlowValidityAnswer(false, first, second);
    }
}
