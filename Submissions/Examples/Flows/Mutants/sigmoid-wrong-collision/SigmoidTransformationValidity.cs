using Grader.Contracts.Flows;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (a): z = σ(aᵀa x) is not a valid flow. aᵀa x = aᵀ(a·x) depends on x only through a·x, so
/// x = 0 and x′ = (a₂, −a₁) (a·x′ = 0) give the same z.
/// </summary>
public sealed class SigmoidTransformationValidity : ISigmoidTransformationValidity
{
    public FlowValidityAnswer Answer(double[] a) => new(false, [0.0, 0.0], [a[0], -a[1]]) /* MUTANT: a pair that does not collide */;
}
