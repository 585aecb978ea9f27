using System.Globalization;

namespace Grader.Tensors.Tests.Support;

/// <summary>
/// Double-precision references and the comparison against them. Tolerances are stated per call in units of
/// ε₃₂ = 2⁻²³ (the float32 machine epsilon); <see cref="AssertClose"/> reports the worst element.
/// </summary>
public static class Reference
{
    public const double Eps32 = 1.0 / (1 << 23);

    /// <summary>log(1 + u) without cancellation (Goldberg's trick: the rounding of 1 + u cancels in the ratio).</summary>
    public static double Log1p(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    /// <summary>eˣ − 1 without cancellation near 0.</summary>
    public static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;

    /// <summary>Asserts |actual[i] − expected[i]| ≤ tolerance(i) for every i, naming the worst element.</summary>
    public static void AssertClose(float[] actual, double[] expected, Func<int, double> tolerance, string what = "")
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: number of elements");
        int worst = -1; double worstRatio = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(expected[i]) && float.IsNaN(actual[i])) continue;
            if (actual[i] == expected[i]) continue;   // equal infinities
            double ratio = err / tolerance(i);
            if (!(ratio <= worstRatio)) { worstRatio = ratio; worst = i; }
        }
        if (worst >= 0 && !(worstRatio <= 1))
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: element {worst} is {actual[worst]:R}, expected {expected[worst]:R} (error {Math.Abs(actual[worst] - expected[worst]):G3} > tolerance {tolerance(worst):G3})"));
    }

    /// <summary>Relative tolerance of <paramref name="ulps"/>·ε₃₂ plus an absolute floor.</summary>
    public static void AssertClose(float[] actual, double[] expected, double ulps, double absolute = 0, string what = "") =>
        AssertClose(actual, expected, i => ulps * Eps32 * Math.Abs(expected[i]) + absolute, what);

    /// <summary>Row-major multi-index of a flat position.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return idx;
    }

    /// <summary>Flat position of a multi-index in a broadcast operand of <paramref name="shape"/> (trailing alignment, size-1 dims repeat).</summary>
    public static int BroadcastFlat(int[] outIndex, int[] shape)
    {
        int lead = outIndex.Length - shape.Length, flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : outIndex[d + lead]);
        return flat;
    }

    /// <summary>Broadcast shape, computed here independently of the engine.</summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            r[i] = Math.Max(da, db);
        }
        return r;
    }
}
