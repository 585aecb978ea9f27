using Grader.Contracts.Flows;

namespace Submission;

/// <summary>Sheet 002, problem 1 (b): not a valid flow, x₁ enters only as x₁⁴, so x₁ and −x₁ give the same z.</summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    public FlowValidityAnswer Answer() => new(false, [1.0, 2.0, 0.5], [1.0, -2.0, 0.5] /* MUTANT: x₂ negated instead of x₁ */);
}
