namespace Grader.Checks.Flows.Tum;

/// <summary>
/// Whether two inputs of TUM problem 1 (b)'s map z = ((x₃ + x₂)^p, x₁^q·x₂ + x₃, e^{x₃}) (the sheet's p = 3, q = 4) have
/// the same output, decided exactly: e^u is strictly increasing, so z₃ agrees exactly when x₃ = x′₃; z₁ and z₂ are
/// polynomials, compared in exact arithmetic. Doubles are exact numbers, so no rounding is allowed: an answer must give
/// a pair whose outputs are equal as real numbers.
/// </summary>
public static class PolynomialCollision
{
    /// <summary>The sheet's powers.</summary>
    public const int SheetP = 3, SheetQ = 4;

    /// <summary>The map in double.</summary>
    public static double[] Apply(double[] x, int p = SheetP, int q = SheetQ)
    {
        ArgumentNullException.ThrowIfNull(x);
        return [Math.Pow(x[2] + x[1], p), Math.Pow(x[0], q) * x[1] + x[2], Math.Exp(x[2])];
    }

    /// <summary>Null when (x, x′) is a collision of the map with powers p, q; else why not, in one sentence.</summary>
    public static string? Problem(double[]? x, double[]? y, int p = SheetP, int q = SheetQ)
    {
        if (x is null || y is null || x.Length != 3 || y.Length != 3)
            return $"the answer must give two inputs x, x′ ∈ ℝ³ (got {Shape(x)} and {Shape(y)})";
        if (!x.Concat(y).All(double.IsFinite)) return "the inputs must be finite numbers";
        if (x.SequenceEqual(y)) return "the two inputs are the same: give two different inputs";
        var ex = x.Select(ExactDouble.Of).ToArray();
        var ey = y.Select(ExactDouble.Of).ToArray();
        bool z3 = ex[2].ValueEquals(ey[2]);
        bool z1 = Power(ex[2] + ex[1], p).ValueEquals(Power(ey[2] + ey[1], p));
        bool z2 = (Power(ex[0], q) * ex[1] + ex[2]).ValueEquals(Power(ey[0], q) * ey[1] + ey[2]);
        if (z1 && z2 && z3) return null;
        var zx = Apply(x, p, q);
        var zy = Apply(y, p, q);
        var differ = new[] { (z1, "z₁"), (z2, "z₂"), (z3, "z₃") }.Where(d => !d.Item1).Select(d => d.Item2);
        return $"the two inputs have different outputs ({string.Join(", ", differ)} differ): z(x) = [{F(zx[0])}, {F(zx[1])}, {F(zx[2])}], z(x′) = [{F(zy[0])}, {F(zy[1])}, {F(zy[2])}]";
    }

    private static ExactDouble Power(ExactDouble value, int power)
    {
        var result = ExactDouble.Of(1);
        for (var i = 0; i < power; i++) result *= value;
        return result;
    }

    private static string Shape(double[]? v) => v is null ? "null" : $"{v.Length} numbers";

    private static string F(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
