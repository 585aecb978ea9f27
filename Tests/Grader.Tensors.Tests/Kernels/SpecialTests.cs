using System.Globalization;
using MathNet.Numerics;

namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// erf, erfinv, log1p and expm1 (Kernels/Special.cs and their ops in Ops/Pointwise.cs) against an independent double
/// reference: MathNet.Numerics' SpecialFunctions (Boost's rational approximations, a different algorithm from ours).
/// The float32 ops must be correctly rounded up to the error of the double computation: |ours − exact| ≤ ½ ulp +
/// 1e-13·|exact|, where the double kernels are within about 1e-15 relative. That is checked on 10⁵ floats per
/// function spread over the whole domain (log-uniform magnitudes down to subnormals) and on every one of the 2000
/// floats nearest ±1 for erfinv, where the inverse is steepest.
/// </summary>
public class SpecialTests
{
    /// <summary>The spacing of float32 at |v| (float.Epsilon for subnormals).</summary>
    private static double Ulp(double v)
    {
        float f = (float)Math.Abs(v);
        if (float.IsInfinity(f)) f = float.MaxValue;
        return (double)MathF.BitIncrement(f) - f;
    }

    private static void AssertCorrectlyRounded(string name, float[] x, float[] actual, Func<double, double> exact)
    {
        int worst = -1; double worstUlps = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = exact(x[i]);
            if (double.IsNaN(e)) { Assert.That(actual[i], Is.NaN, $"{name}({x[i]:R})"); continue; }
            if (double.IsInfinity(e) || Math.Abs(e) > float.MaxValue) { Assert.That((double)actual[i], Is.EqualTo(e > 0 ? double.PositiveInfinity : double.NegativeInfinity), $"{name}({x[i]:R})"); continue; }
            double err = Math.Abs(actual[i] - e);
            double tol = 0.5 * Ulp(e) + 1e-13 * Math.Abs(e);
            if (!(err <= tol))
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{name}({x[i]:R}) = {actual[i]:R}, exact {e:R}: off by {err / Ulp(e):G3} ulp"));
            if (err / Ulp(e) > worstUlps) { worstUlps = err / Ulp(e); worst = i; }
        }
        string at = worst >= 0 ? x[worst].ToString("R", CultureInfo.InvariantCulture) : "-";
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {x.Length} floats, worst {worstUlps:G3} ulp at {at}"));
    }

    /// <summary>Log-uniform magnitudes in [10^lo, 10^hi] with random signs (when <paramref name="signed"/>).</summary>
    private static float[] LogUniform(int n, double lo, double hi, bool signed, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            float m = (float)Math.Pow(10, lo + (hi - lo) * r.NextDouble());
            return signed && r.Next(2) == 0 ? -m : m;
        }).ToArray();
    }

    private static float[] NextTo(float v, int count, bool below) =>
        Enumerable.Range(1, count).Select(k => { float f = v; for (int i = 0; i < k; i++) f = below ? MathF.BitDecrement(f) : MathF.BitIncrement(f); return f; }).ToArray();

    [Test]
    public void Erf_is_correctly_rounded_over_the_float_range()
    {
        var x = LogUniform(100_000, -44, 1.5, signed: true, seed: 1)
            .Concat([0f, -0f, 1e-45f, -1e-45f, 0.5f, 1f, 1.999999f, 2f, 2.000001f, 3.9192f, 3.92f, 10f, 1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN]).ToArray();
        AssertCorrectlyRounded("erf", x, tensor(x).erf().ToArray(), v => double.IsInfinity(v) ? Math.Sign(v) : SpecialFunctions.Erf(v));
        Assert.That(float.IsNegative(tensor([-0f]).erf().item()), "erf(−0) = −0");
    }

    [Test]
    public void Erfinv_is_correctly_rounded_up_to_the_floats_next_to_one()
    {
        var r = new Random(2);
        var x = Enumerable.Range(0, 100_000).Select(_ => (float)(2 * r.NextDouble() - 1))
            .Concat(LogUniform(20_000, -45, 0, signed: true, seed: 3).Where(v => Math.Abs(v) < 1f))
            .Concat(NextTo(1f, 1000, below: true)).Concat(NextTo(-1f, 1000, below: false))
            .Concat([0f, 0.5f, -0.5f, 0.25f, 1e-45f]).ToArray();
        AssertCorrectlyRounded("erfinv", x, tensor(x).erfinv().ToArray(), v => SpecialFunctions.ErfInv(v));
        var edges = tensor([1f, -1f, 1.0000001f, -2f, float.NaN, -0f]).erfinv().ToArray();
        Assert.That(edges[..2], Is.EqualTo(new[] { float.PositiveInfinity, float.NegativeInfinity }), "±1 → ±∞, as PyTorch");
        Assert.That(edges[2..5], Is.All.NaN, "outside [−1, 1] → NaN");
        Assert.That(float.IsNegative(edges[5]) && edges[5] == 0, "erfinv(−0) = −0");
        // The largest float below 1, 1 − 2⁻²⁴: erfinv = 3.8325069 (erfc(y) = 2⁻²⁴).
        Assert.That(tensor([1f - 1f / (1 << 24)]).erfinv().item(), Is.EqualTo(3.8325069f));
    }

    [Test]
    public void Log1p_and_expm1_are_correctly_rounded()
    {
        var r = new Random(4);
        var small = LogUniform(50_000, -40, 0, signed: true, seed: 5).Select(v => v <= -1f ? -0.5f : v);
        var x = small.Concat(LogUniform(50_000, 0, 38, signed: false, seed: 6)).Concat([0f, -0f, -0.999999f, 1e-8f, float.PositiveInfinity]).ToArray();
        AssertCorrectlyRounded("log1p", x, tensor(x).log1p().ToArray(), v => double.IsPositiveInfinity(v) ? v : Math.Abs(v) < 1e-4 ? v - v * v / 2 + v * v * v / 3 - v * v * v * v / 4 : Math.Log(1 + (double)v));
        Assert.That(tensor([-1f, -1.5f]).log1p().ToArray(), Is.EqualTo(new[] { float.NegativeInfinity, float.NaN }));

        var e = LogUniform(100_000, -40, Math.Log10(88), signed: true, seed: 7).Concat([0f, 88.7f, 89f, -104f, float.NegativeInfinity]).ToArray();
        AssertCorrectlyRounded("expm1", e, tensor(e).expm1().ToArray(), v => double.IsNegativeInfinity(v) ? -1 : Math.Abs(v) < 1e-4 ? v + v * v / 2 + v * v * v / 6 + v * v * v * v / 24 : Math.Exp(v) - 1);
    }

    [Test]
    public void The_double_kernels_agree_with_MathNet_and_invert_each_other()
    {
        double erfWorst = 0, erfcWorst = 0;
        for (double v = -6; v <= 6; v += 0.0013)
        {
            double e = SpecialFunctions.Erf(v), c = SpecialFunctions.Erfc(v);
            erfWorst = Math.Max(erfWorst, Math.Abs(Special.Erf(v) - e) / Math.Abs(e));
            erfcWorst = Math.Max(erfcWorst, Math.Abs(Special.Erfc(v) - c) / c);
        }
        TestContext.Out.WriteLine($"double kernels against MathNet on [−6, 6]: erf {erfWorst:G3}, erfc {erfcWorst:G3} relative");
        Assert.That(erfWorst, Is.LessThan(1e-14), "erf: the series loses about two digits to cancellation near |x| = 2");
        Assert.That(erfcWorst, Is.LessThan(1e-12), "erfc below 2 is 1 − erf (erfc(2) ≈ 0.0047: a factor 200 more)");
        for (double p = -0.999999; p < 1; p += 0.0031)
        {
            double y = Special.ErfInv(p);
            Assert.That(Special.Erf(y), Is.EqualTo(p).Within(1e-15), $"erf(erfinv({p}))");
        }
        for (int k = 1; k <= 50; k++)
        {
            double q = Math.Pow(2, -k);   // 1 − q is exact in double
            Assert.That(Special.Erfc(Special.ErfInv(1 - q)), Is.EqualTo(q).Within(1e-13 * q), $"erfc(erfinv(1 − 2^−{k}))");
        }
    }
}
