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

    /// <summary>One call of the maps' checks (C, M, the pathwise gradient): ε of a drawn shape, μ and σ.</summary>
    public sealed record MapCase(int[] Shape, float[] Epsilon, double Mu, double Sigma);

    /// <summary>
    /// Call <paramref name="c"/>'s inputs: ε as <see cref="DrawEpsilon"/>, μ and σ as <see cref="DrawParameters"/>, except
    /// that calls 0 and 1 hold the case classes by construction (<see cref="Classes"/>): call 0 has σ uniform on [1.4, 2],
    /// μ on [0.5, 1.5] and one element of ε (drawn) set to 1 + |ε|; call 1 has σ on [0.3, 0.7], μ on [−1.5, −0.8] and one
    /// element set to −(1 + |ε|).
    /// </summary>
    public static MapCase DrawCall(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        var (shape, epsilon) = DrawEpsilon(g);
        if (c >= 2)
        {
            var (mu, sigma) = DrawParameters(g);
            return new MapCase(shape, epsilon, mu, sigma);
        }
        double sigmaC = c == 0 ? 1.4 + 0.6 * g.NextDouble() : 0.3 + 0.4 * g.NextDouble();
        double muC = c == 0 ? 0.5 + g.NextDouble() : -1.5 + 0.7 * g.NextDouble();
        int k = (int)g.NextInt(0, epsilon.Length);
        epsilon[k] = (c == 0 ? 1 : -1) * (1 + Math.Abs(epsilon[k]));
        return new MapCase(shape, epsilon, muC, sigmaC);
    }

    /// <summary>
    /// True when the map exp(<paramref name="nearMiss"/>(ε)) differs from both accepted maps, exp(σε + μ) at some element
    /// and exp(μ − σε) at some element, by at least 0.2 in the exponent (a relative difference above 18 %, against a
    /// tolerance of about 1e-6): the near miss fails the call whichever sign the comparison tries.
    /// </summary>
    public static bool Distinguishes(MapCase k, Func<double, double> nearMiss)
    {
        ArgumentNullException.ThrowIfNull(k);
        ArgumentNullException.ThrowIfNull(nearMiss);
        const double margin = 0.2;
        return k.Epsilon.Any(e => Math.Abs(nearMiss(e) - (k.Sigma * e + k.Mu)) >= margin)
            && k.Epsilon.Any(e => Math.Abs(nearMiss(e) - (k.Mu - k.Sigma * e)) >= margin);
    }

    /// <summary>
    /// The classes of C and M (ε = ln z for M): σ far from 1 (σ² for σ), μ far from σ (μ and σ swapped), μ far from 0 (μ
    /// left out); each holds in call 0 or call 1 of every run by construction (<see cref="DrawCall"/>).
    /// </summary>
    public static CaseClasses<MapCase> Classes { get; } = new(
        new CaseClass<MapCase>("sigma-far-from-one", "the variance for the standard deviation: exp(σ²ε + μ), z^(σ²)·e^μ (equal to the sheet's map at σ = 1)",
            k => Distinguishes(k, e => k.Sigma * k.Sigma * e + k.Mu)),
        new CaseClass<MapCase>("mu-far-from-sigma", "μ and σ swapped: exp(σ + με), z^μ·e^σ (equal to the sheet's map when μ = σ, or at ε = ln z = 1)",
            k => Distinguishes(k, e => k.Mu * e + k.Sigma)),
        new CaseClass<MapCase>("mu-far-from-zero", "μ left out: exp(σε), z^σ (equal to the sheet's map at μ = 0)",
            k => Distinguishes(k, e => k.Sigma * e)));

    /// <summary>μ uniform on [−1.5, 1.5], σ uniform on [0.3, 2].</summary>
    public static (double Mu, double Sigma) DrawParameters(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return (3 * g.NextDouble() - 1.5, 0.3 + 1.7 * g.NextDouble());
    }
}
