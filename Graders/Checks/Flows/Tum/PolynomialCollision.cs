namespace Grader.Checks.Flows.Tum;

/// <summary>
/// Whether two inputs of TUM problem 1 (b)'s map z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) have the same output, decided
/// exactly: e^u and u³ are strictly increasing, so z₃ and z₁ agree exactly when x₃ = x′₃ and x₃ + x₂ = x′₃ + x′₂; z₂ is a
/// polynomial, compared in exact arithmetic. Doubles are exact numbers, and every collision of this map has both
/// inputs representable, so no rounding is allowed.
/// </summary>
public static class PolynomialCollision
{
    /// <summary>The map in double.</summary>
    public static double[] Apply(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        double s = x[2] + x[1], q = x[0] * x[0];
        return [s * s * s, q * q * x[1] + x[2], Math.Exp(x[2])];
    }

    /// <summary>Null when (x, x′) is a collision; else why not, in one sentence.</summary>
    public static string? Problem(double[]? x, double[]? y)
    {
        if (x is null || y is null || x.Length != 3 || y.Length != 3)
            return $"the answer must give two inputs x, x′ ∈ ℝ³ (got {Shape(x)} and {Shape(y)})";
        if (!x.Concat(y).All(double.IsFinite)) return "the inputs must be finite numbers";
        if (x.SequenceEqual(y)) return "the two inputs are the same: give two different inputs";
        var ex = x.Select(ExactDouble.Of).ToArray();
        var ey = y.Select(ExactDouble.Of).ToArray();
        bool z3 = ex[2].ValueEquals(ey[2]);
        bool z1 = (ex[2] + ex[1]).ValueEquals(ey[2] + ey[1]);
        bool z2 = (ex[0] * ex[0] * ex[0] * ex[0] * ex[1] + ex[2]).ValueEquals(ey[0] * ey[0] * ey[0] * ey[0] * ey[1] + ey[2]);
        if (z1 && z2 && z3) return null;
        var zx = Apply(x);
        var zy = Apply(y);
        var differ = new[] { (z1, "z₁"), (z2, "z₂"), (z3, "z₃") }.Where(p => !p.Item1).Select(p => p.Item2);
        return $"the two inputs have different outputs ({string.Join(", ", differ)} differ): z(x) = [{F(zx[0])}, {F(zx[1])}, {F(zx[2])}], z(x′) = [{F(zy[0])}, {F(zy[1])}, {F(zy[2])}]";
    }

    private static string Shape(double[]? v) => v is null ? "null" : $"{v.Length} numbers";

    private static string F(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
