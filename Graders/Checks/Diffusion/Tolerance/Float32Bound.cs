namespace Grader.Checks.Diffusion.Tolerance;

/// <summary>
/// A number as a float32 program computes it: <see cref="Value"/> is the exact value (in double) and
/// <see cref="Error"/> a first-order bound on |computed − exact| for any evaluation of the same formula in IEEE
/// float32, where every input is rounded once and every operation rounds with unit roundoff u = 2⁻²⁴ ≈ 5.96e-8
/// (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §2.2, running error analysis). A program that
/// computes in double and casts at the end stays inside the bound, since its one rounding is part of the last step.
/// </summary>
/// <param name="Value">The exact value.</param>
/// <param name="Error">A bound on the absolute error of a float32 evaluation.</param>
public readonly record struct Float32Bound(double Value, double Error)
{
    /// <summary>Unit roundoff of float32, 2⁻²⁴.</summary>
    public const double U = 1.0 / (1 << 24);

    /// <summary>
    /// Higham's γ_n = n·u / (1 − n·u) (§3.1): |fl(Σ) − Σ| ≤ γ_n·Σ|terms| for a sum or inner product of n terms rounded
    /// with unit roundoff <paramref name="u"/> (float32's <see cref="U"/> unless given), in any order; valid for n·u &lt; 1.
    /// </summary>
    public static double Gamma(int n, double u = U) => n * u / (1 - n * u);

    /// <summary>A value known exactly (e.g. the constant 1).</summary>
    public static Float32Bound Exact(double value) => new(value, 0);

    /// <summary>An input given in double and rounded to float32 once.</summary>
    public static Float32Bound Input(double value) => new(value, U * Math.Abs(value));

    public double Magnitude => Math.Abs(Value);

    public static Float32Bound operator +(Float32Bound a, Float32Bound b) => Rounded(a.Value + b.Value, a.Error + b.Error);

    public static Float32Bound operator -(Float32Bound a, Float32Bound b) => Rounded(a.Value - b.Value, a.Error + b.Error);

    public static Float32Bound operator -(Float32Bound a) => new(-a.Value, a.Error);

    public static Float32Bound operator *(Float32Bound a, Float32Bound b) =>
        Rounded(a.Value * b.Value, a.Magnitude * b.Error + b.Magnitude * a.Error);

    public static Float32Bound operator /(Float32Bound a, Float32Bound b)
    {
        var q = a.Value / b.Value;
        return Rounded(q, (a.Error + Math.Abs(q) * b.Error) / b.Magnitude);
    }

    /// <summary>√a; near 0 the derivative bound 1/(2√a) is replaced by |√(a + δ) − √a| ≤ √|δ|.</summary>
    public static Float32Bound Sqrt(Float32Bound a)
    {
        var root = Math.Sqrt(Math.Max(a.Value, 0));
        var propagated = root > 0 ? Math.Min(a.Error / (2 * root), Math.Sqrt(a.Error)) : Math.Sqrt(a.Error);
        return Rounded(root, propagated);
    }

    /// <summary>max(a, b), as a guard against a tiny negative argument of a square root.</summary>
    public static Float32Bound Max(Float32Bound a, double b) => a.Value >= b ? a : new(b, Math.Max(0, a.Error - (b - a.Value)));

    private static Float32Bound Rounded(double value, double propagated) => new(value, propagated + U * Math.Abs(value));
}
