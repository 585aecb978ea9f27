using Grader.Contracts.Flows;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (b): not a valid flow. x₁ enters only as x₁^q, so x₁ and −x₁ give the same z (the sheet's q = 4).
/// </summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    public FlowValidityAnswer Answer(int p, int q) =>
        new(false, [1.0, 2.0, 0.5], [-1.0, 2.0, 0.5]) /* MUTANT: the sign of x₁ for every q, a collision only for even q */;
}
