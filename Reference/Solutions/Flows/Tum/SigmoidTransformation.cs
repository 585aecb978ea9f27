namespace Grader.Reference.Flows.Tum;

/// <summary>
/// TUM exam 2023, problem 1 (a): z = σ(Ax) on ℝ² with A = aᵀa, a ∈ ℝ^(1×2), a &gt; 0. A has rank 1 (det A = 0), so the
/// map is not invertible: x and x + λ·(a₂, −a₁) have the same Ax for every λ.
/// </summary>
public static class SigmoidTransformation
{
    /// <summary>σ(Ax) with A = aᵀa, in double.</summary>
    public static double[] Apply(IReadOnlyList<double> a, IReadOnlyList<double> x)
    {
        Check(a, x.Count);
        double ax = a[0] * x[0] + a[1] * x[1];                // a·x, so Ax = aᵀ(a·x)
        return [Sigmoid(a[0] * ax), Sigmoid(a[1] * ax)];
    }

    /// <summary>Two different inputs with the same output: (x, x + (a₂, −a₁)), x = (1, −1).</summary>
    public static (double[] First, double[] Second) Collision(IReadOnlyList<double> a)
    {
        Check(a, 2);
        double[] x = [1, -1];
        return (x, [x[0] + a[1], x[1] - a[0]]);
    }

    private static double Sigmoid(double v) => v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));

    private static void Check(IReadOnlyList<double> a, int xLength)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Count != 2 || !(a[0] > 0) || !(a[1] > 0) || !double.IsFinite(a[0]) || !double.IsFinite(a[1]))
            throw new ArgumentException($"problem 1 (a) needs a ∈ ℝ^(1×2) with positive entries, got [{string.Join(", ", a)}]");
        if (xLength != 2) throw new ArgumentException($"problem 1 (a) maps ℝ² to ℝ², got an input of length {xLength}");
    }
}
