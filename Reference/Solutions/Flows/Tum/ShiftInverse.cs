namespace Grader.Reference.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (c), the sample solution's parametrisation: f⁻¹(x) = x + b, so f(z) = z − b and
/// d f⁻¹/dx = 1 everywhere: the flow preserves volume and p(x) = p_z(f⁻¹(x)).
/// </summary>
/// <param name="B">The shift b.</param>
public sealed record ShiftInverse(double B)
{
    /// <summary>The shift the reference hand-in uses.</summary>
    public static readonly ShiftInverse Reference = new(1.5);

    /// <summary>f⁻¹(x) = x + b.</summary>
    public double Inverse(double x) => x + B;

    /// <summary>f(z) = z − b.</summary>
    public double Transform(double z) => z - B;

}
