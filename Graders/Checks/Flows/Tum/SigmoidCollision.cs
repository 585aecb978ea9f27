namespace Grader.Checks.Flows.Tum;

/// <summary>
/// Whether two inputs of TUM problem 1 (a)'s map z = σ(Ax), A = aᵀa, x ∈ ℝ², have the same output, decided exactly
/// rather than by evaluating σ in double (which rounds to 1 for large arguments, so that any two inputs far out would
/// seem to collide): σ is strictly increasing, so the outputs agree exactly when Ax = Ax′. A = aᵀa and the products
/// Ax, Ax′ are computed in exact arithmetic from the doubles, allowing for the rounding of writing x′ in double:
/// |(A(x′ − x))_i| ≤ 4·2⁻⁵³·Σ_j |A_ij|(|x_j| + |x′_j|) for each i. The two inputs must differ by more than 2⁻³⁰ of their
/// size, so that a pair one rounding apart does not count as two inputs.
/// </summary>
public static class SigmoidCollision
{
    private const double Rounding = 4.0 / (1L << 53);

    /// <summary>The map in double.</summary>
    public static double[] Apply(double[] a, double[] x)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(x);
        return Enumerable.Range(0, 2).Select(i => Sigmoid(a[i] * a[0] * x[0] + a[i] * a[1] * x[1])).ToArray();
    }

    /// <summary>Null when (x, x′) is a collision; else why not, in one sentence.</summary>
    public static string? Problem(double[] a, double[]? x, double[]? y)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (x is null || y is null || x.Length != 2 || y.Length != 2)
            return $"the answer must give two inputs x, x′ ∈ ℝ² (got {Shape(x)} and {Shape(y)})";
        if (!x.Concat(y).All(double.IsFinite)) return "the inputs must be finite numbers";
        double size = Math.Max(x.Max(Math.Abs), y.Max(Math.Abs));
        double apart = Math.Max(Math.Abs(y[0] - x[0]), Math.Abs(y[1] - x[1]));
        if (!(apart > Math.ScaleB(size, -30))) return "the two inputs are the same, or differ only by rounding: give two different inputs";
        for (int i = 0; i < 2; i++)
        {
            var r = ExactDouble.Zero;
            double allowance = 0;
            for (int j = 0; j < 2; j++)
            {
                var aij = ExactDouble.Of(a[i]) * ExactDouble.Of(a[j]);
                r += aij * (ExactDouble.Of(y[j]) - ExactDouble.Of(x[j]));
                allowance += Rounding * Math.Abs(a[i] * a[j]) * (Math.Abs(x[j]) + Math.Abs(y[j]));
            }
            if (Math.Abs(r.ToDouble()) > allowance)
            {
                var zx = Apply(a, x);
                var zy = Apply(a, y);
                return $"the two inputs have different outputs: (Ax)_{i + 1} ≠ (Ax′)_{i + 1}, so σ(Ax) = [{F(zx[0])}, {F(zx[1])}] and σ(Ax′) = [{F(zy[0])}, {F(zy[1])}] differ";
            }
        }
        return null;
    }

    private static double Sigmoid(double v) => v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));

    private static string Shape(double[]? v) => v is null ? "null" : $"{v.Length} numbers";

    private static string F(double v) => v.ToString("G17", System.Globalization.CultureInfo.InvariantCulture);
}
