using Grader.Contracts.Flows;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (b): not a valid flow. For even q, x₁ enters only as x₁^q, so x₁ and −x₁ give the same z (the
/// sheet's q = 4); for odd q and even p, (x₃ + x₂)^p loses the sign of x₃ + x₂.
/// </summary>
public sealed class ThreeDimensionalTransformationValidity : IThreeDimensionalTransformationValidity
{
    public FlowValidityAnswer Answer(int p, int q) => q % 2 == 0
        ? new(false, [1.0, 2.0, 0.5], [-1.0, 2.0, 0.5])
        : p % 2 == 0
            ? new(false, [1.0, 0.0, 0.5], [3.0, 0.0, 0.5])
            : new(true, [], []) /* MUTANT: p and q odd taken for a valid flow (both power maps are one-to-one), although x₂ = 0 still removes x₁ from z₂ */;
}
