namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// Compares an elementwise map x ↦ exp(a(x)) a hand-in returns with its exact value in double. Tolerance per element:
/// 2·r·y, r = u·(2|b| + |μ| + |a| + 4 + |σ|), u = 2⁻²⁴, where a = b + μ is the exponent and b its product term (σε or
/// σ ln z): the float32 rounding of b, of the sum and of the input's logarithm, plus 4 ulp for exp/log/pow. The mirrored
/// map exp(μ − b), which gives the same distribution (−ε ~ N(0, 1)), is accepted as well when every element matches it.
/// </summary>
public static class LogNormalMapComparison
{
    private const double U = 1.0 / (1 << 24);

    /// <summary>The tolerance of one element.</summary>
    public static double Tolerance(double b, double mu, double sigma) => 2 * U * (2 * Math.Abs(b) + Math.Abs(mu) + Math.Abs(b + mu) + 4 + Math.Abs(sigma)) * Math.Exp(b + mu);

    /// <summary>
    /// Null when <paramref name="seen"/> equals exp(s·bᵢ + μ) for s = +1 or s = −1 at every element; else the failure,
    /// naming a variant from <paramref name="variants"/> (exact values of known wrong maps) when all elements match it.
    /// <paramref name="sign"/> is the s that matched (+1 when none did).
    /// </summary>
    public static CheckResult? Compare(HandinCall call, string what, float[] seen, double[] b, double mu, double sigma, int[] shape,
        IReadOnlyList<(double[] Values, string Hint)> variants, string hint, out int sign)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(variants);
        foreach (var s in new[] { 1, -1 })
            if (Enumerable.Range(0, seen.Length).All(i => Math.Abs(seen[i] - Math.Exp(s * b[i] + mu)) <= Tolerance(s * b[i], mu, sigma)))
            {
                sign = s;
                return null;
            }
        sign = 1;
        int first = Enumerable.Range(0, seen.Length).First(i => !(Math.Abs(seen[i] - Math.Exp(b[i] + mu)) <= Tolerance(b[i], mu, sigma)));
        var expected = Math.Exp(b[first] + mu);
        var named = variants.FirstOrDefault(v => Enumerable.Range(0, seen.Length).All(i => Math.Abs(seen[i] - v.Values[i]) <= 1e-5 * Math.Abs(v.Values[i]) + 1e-30));
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{what} differs at {HandinCall.Index(first, shape)}: expected {expected:G7}, seen {seen[first]:G7} (tolerance {Tolerance(b[first], mu, sigma):G2}). {named.Hint ?? hint}"),
            expected: expected.ToString("G7", CultureInfo.InvariantCulture), seen: seen[first].ToString("G7", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Calls the hand-in's map (<paramref name="map"/>, named <paramref name="what"/>), checks that it returns the shape of
    /// its input (<paramref name="shapeHint"/> words a wrong one) and compares its values (<see cref="Compare"/>).
    /// </summary>
    public static CheckResult? CallAndCompare(HandinCall call, string what, Func<Tensor> map, string? shapeHint, double[] b, double mu, double sigma, int[] shape,
        IReadOnlyList<(double[] Values, string Hint)> variants, string hint, out int sign)
    {
        ArgumentNullException.ThrowIfNull(call);
        sign = 1;
        if (call.Run(what, map, out var result) is { } threw) return threw;
        if (call.Tensor(what, result, shape, shapeHint) is { } bad) return bad;
        return Compare(call, what, result.ToArray(), b, mu, sigma, shape, variants, hint, out sign);
    }

    /// <summary>A shape of 1 to 3 dimensions with at most 64 elements, and ε ~ N(0, 1) in float32 of that shape.</summary>
    public static (int[] Shape, float[] Epsilon) DrawEpsilon(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        int rank = (int)g.NextInt(1, 4);
        var shape = Enumerable.Range(0, rank).Select(_ => (int)g.NextInt(1, rank == 1 ? 65 : rank == 2 ? 9 : 5)).ToArray();
        int n = shape.Aggregate(1, (x, y) => x * y);
        return (shape, Enumerable.Range(0, n).Select(_ => (float)g.NextNormal()).ToArray());
    }

    /// <summary>μ uniform on [−1.5, 1.5], σ uniform on [0.3, 2].</summary>
    public static (double Mu, double Sigma) DrawParameters(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return (3 * g.NextDouble() - 1.5, 0.3 + 1.7 * g.NextDouble());
    }
}
