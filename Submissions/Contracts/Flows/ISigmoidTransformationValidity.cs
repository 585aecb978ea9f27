namespace Grader.Contracts.Flows;

/// <summary>
/// TUM exam 2023 (sheet 002), problem 1 (a): for x ∈ ℝ², A = aᵀa and z = σ(Ax), with a ∈ ℝ^(1×2) with positive entries
/// and σ the element-wise sigmoid. Does this transformation lead to a valid normalizing flow?
/// </summary>
public interface ISigmoidTransformationValidity
{
    /// <param name="a">The row vector a, two positive numbers, chosen by the grader.</param>
    FlowValidityAnswer Answer(double[] a);
}
