using Grader.Contracts.Flows;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (b): not a valid flow. For even q, x₁ enters only as x₁^q, so x₁ and −x₁ give the same z (the
/// sheet's q = 4); for odd q, x₂ = 0 removes x₁ from z₂, so any two x₁ with x₂ = 0 give the same z.
/// </summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    public FlowValidityAnswer Answer(int p, int q) => q % 2 == 0
        ? new(false, [1.0, 2.0, 0.5], [1.0, -2.0, 0.5] /* MUTANT: x₂ negated instead of x₁ */)
        : new(false, [1.0, 2.0, 0.5], [3.0, -2.0, 0.5] /* MUTANT: x₂ negated instead of set to 0 */);
}
