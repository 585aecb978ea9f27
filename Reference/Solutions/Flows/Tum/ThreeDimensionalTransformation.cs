namespace Grader.Reference.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (b): z₁ = (x₃ + x₂)³, z₂ = x₁⁴·x₂ + x₃, z₃ = e^(x₃) on ℝ³. x₁ enters only through x₁⁴, so
/// (x₁, x₂, x₃) and (−x₁, x₂, x₃) have the same image: not a valid flow.
/// </summary>
public static class ThreeDimensionalTransformation
{
    /// <summary>The map, in double.</summary>
    public static double[] Apply(IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != 3) throw new ArgumentException($"problem 1 (b) maps ℝ³ to ℝ³, got an input of length {x.Count}");
        double s = x[2] + x[1];
        double x1Squared = x[0] * x[0];
        return [s * s * s, x1Squared * x1Squared * x[1] + x[2], Math.Exp(x[2])];
    }

    /// <summary>Two different inputs with the same output: (1, 2, −1) and (−1, 2, −1).</summary>
    public static (double[] First, double[] Second) Collision() => ([1, 2, -1], [-1, 2, -1]);
}
