namespace Grader.Contracts.Flows;

/// <summary>
/// TUM exam 2023 (sheet 002), problem 1 (c): a transformation f: ℝ → ℝ where the Jacobian determinant of its inverse is
/// equal to 1: give a possible parametrization of f⁻¹, and f itself.
/// </summary>
public interface IUnitDeterminantInverse
{
    /// <summary>f⁻¹(x).</summary>
    double Inverse(double x);

    /// <summary>f(z), so that f(f⁻¹(x)) = x.</summary>
    double Transform(double z);
}
