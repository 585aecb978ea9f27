namespace Grader.Contracts.Flows;

/// <summary>
/// TUM exam 2023 (sheet 002), problem 1 (b): for x ∈ ℝ³, z₁ = (x₃ + x₂)³, z₂ = x₁⁴·x₂ + x₃, z₃ = e^(x₃). Does this
/// transformation lead to a valid normalizing flow?
/// </summary>
public interface IThreeDimensionalTransformationValidity
{
    FlowValidityAnswer Answer();
}
