namespace Grader.Contracts.Flows;

/// <summary>
/// TUM exam 2023 (sheet 002), problem 1 (b): for x ∈ ℝ³, z₁ = (x₃ + x₂)^p, z₂ = x₁^q·x₂ + x₃, z₃ = e^(x₃), with
/// whole-number powers p, q ≥ 1 chosen by the grader (the sheet's transformation has p = 3, q = 4). Does this
/// transformation lead to a valid normalizing flow?
/// </summary>
public interface IThreeDimensionalTransformationValidity
{
    /// <param name="p">The power in z₁ (3 on the sheet).</param>
    /// <param name="q">The power of x₁ in z₂ (4 on the sheet).</param>
    FlowValidityAnswer Answer(int p, int q);
}
