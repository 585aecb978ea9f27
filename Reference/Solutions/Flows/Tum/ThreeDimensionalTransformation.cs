namespace Grader.Reference.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (b): z₁ = (x₃ + x₂)^p, z₂ = x₁^q·x₂ + x₃, z₃ = e^(x₃) on ℝ³, the sheet's p = 3, q = 4. Not a
/// valid flow for any powers: with x₂ = 0, x₁ drops out of z, so (x₁, 0, x₃) and (x₁′, 0, x₃) have the same image; for
/// even q also (x₁, x₂, x₃) and (−x₁, x₂, x₃), the sample solution's counterexample.
/// </summary>
public static class ThreeDimensionalTransformation
{
    /// <summary>The map, in double.</summary>
    public static double[] Apply(IReadOnlyList<double> x, int p = 3, int q = 4)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != 3) throw new ArgumentException($"problem 1 (b) maps ℝ³ to ℝ³, got an input of length {x.Count}");
        double s = x[2] + x[1];
        return [Math.Pow(s, p), Math.Pow(x[0], q) * x[1] + x[2], Math.Exp(x[2])];
    }

    /// <summary>
    /// Two different inputs with the same output: for even q, (1, 2, −1) and (−1, 2, −1) (the sample solution's x₁ → −x₁);
    /// for odd q, (2, 0, −1) and (−5, 0, −1).
    /// </summary>
    public static (double[] First, double[] Second) Collision(int p = 3, int q = 4)
    {
        if (p < 1 || q < 1) throw new ArgumentOutOfRangeException(q < 1 ? nameof(q) : nameof(p), "the powers are whole numbers ≥ 1");
        return q % 2 == 0 ? ([1, 2, -1], [-1, 2, -1]) : ([2, 0, -1], [-5, 0, -1]);
    }
}
