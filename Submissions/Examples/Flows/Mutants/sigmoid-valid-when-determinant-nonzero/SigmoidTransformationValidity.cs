using Grader.Contracts.Flows;

namespace Submission;

/// <summary>
/// Sheet 002, problem 1 (a): z = σ(aᵀa x) is a valid flow when A = aᵀa is invertible, so the answer computes det A.
/// x = 0 and x′ = (a₂, −a₁) (a·x′ = 0) give the same z.
/// </summary>
public sealed class SigmoidTransformationValidity : ISigmoidTransformationValidity
{
    public FlowValidityAnswer Answer(double[] a)
    {
        double[,] m = { { a[0] * a[0], a[0] * a[1] }, { a[1] * a[0], a[1] * a[1] } };
        double det = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0];
        return new(det != 0 /* MUTANT: the rounded determinant decides; it is exactly 0 only for some a */, [0.0, 0.0], [a[1], -a[0]]);
    }
}
