using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// ELU's float32 eˣ − 1 (<c>Elementwise.Expm1NonPositive</c>, Kernels/Elementwise.cs) against an independent double
/// reference, MathNet's <c>SpecialFunctions.Expm1</c> (relative error about 1e-16, far below float32's
/// ulp): the kernel's bound is 1 ulp of the exact eˣ − 1 for every x ≤ 0 (range reduction exact up to 7·10⁻¹¹, Taylor
/// truncation below 3·10⁻¹⁰ relative, a handful of float roundings in q, r² and the last fused multiply-add). The fast
/// test checks 4·10⁶ floats spread evenly over the bit patterns of the negative floats (every 521st) and every float
/// of the three places where the algorithm changes (around 0, the reduction's first step at −ln 2/2, the clamp at −30);
/// the [Explicit] one checks all 2.1·10⁹ negative floats and prints the worst case. Then the composition: the vector
/// loops (512-bit and <c>Vector&lt;float&gt;</c>) and the scalar tail give the same bits, and the fused bias-and-ELU pass
/// equals bias add then ELU.
/// </summary>
public class EluKernelTests
{
    /// <summary>The spacing of float32 at |v| (float.Epsilon for subnormals).</summary>
    private static double Ulp(double v)
    {
        float f = (float)Math.Abs(v);
        return (double)MathF.BitIncrement(f) - f;
    }

    /// <summary>
    /// eˣ − 1 in double: the Taylor series to x²⁰/20! for |x| &lt; ½ (remainder below 10⁻²⁵ relative), else
    /// Math.Exp(x) − 1, whose absolute error of about 10⁻¹⁶ is below 10⁻¹⁵ of |eˣ − 1| ≥ 0.39 there.
    /// </summary>
    private static double Expm1(double x)
    {
        if (Math.Abs(x) >= 0.5) return Math.Exp(x) - 1;
        double term = x, sum = x;
        for (int n = 2; n <= 20; n++) { term *= x / n; sum += term; }
        return sum;
    }

    /// <summary>Worst error in ulp of the exact value over the floats with bit patterns from..to (step), and where.</summary>
    private static (double ulps, float at, long count) Worst(uint from, uint to, uint step)
    {
        const int chunk = 4096;
        var xs = new float[chunk];
        var ys = new float[chunk];
        double worst = 0; float at = 0; long count = 0;
        for (ulong bits = from; bits <= to;)
        {
            int n = 0;
            for (; n < chunk && bits <= to; n++, bits += step) xs[n] = BitConverter.UInt32BitsToSingle((uint)bits);
            Elementwise.Elu(xs.AsSpan(0, n), 1f, ys.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                double e = Expm1(xs[i]);
                double err = Math.Abs(ys[i] - e) / Ulp(e);
                if (!(err <= worst)) { worst = err; at = xs[i]; }
            }
            count += n;
        }
        return (worst, at, count);
    }

    private const uint MinusZero = 0x8000_0000, MinusInfinity = 0xFF80_0000;

    private static uint Bits(float x) => BitConverter.SingleToUInt32Bits(x);

    [Test]
    public void Expm1_of_negative_floats_is_within_one_ulp()
    {
        var cases = new (string name, uint from, uint to, uint step)[]
        {
            ("every 521st negative float", MinusZero + 1, MinusInfinity - 1, 521),
            ("around 0 (the 2·10⁵ negative floats next to −0)", MinusZero, MinusZero + 200_000, 1),
            ("around −ln 2/2 (k = 0 → −1)", Bits(-0.3466f) - 100_000, Bits(-0.3466f) + 100_000, 1),
            ("around the clamp at −30", Bits(-30f) - 50_000, Bits(-30f) + 50_000, 1),
        };
        foreach (var (name, from, to, step) in cases)
        {
            var (ulps, at, count) = Worst(Math.Min(from, to), Math.Max(from, to), step);
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {count} floats, worst {ulps:G4} ulp at {at:R}"));
            Assert.That(ulps, Is.LessThanOrEqualTo(1.0), string.Create(CultureInfo.InvariantCulture, $"{name}: {ulps:G4} ulp at {at:R}"));
        }
    }

    [Test, Explicit("every negative float: 2.1·10⁹ double expm1 evaluations (about 10 minutes)")]
    public void Expm1_of_every_negative_float_is_within_one_ulp()
    {
        var (ulps, at, count) = Worst(MinusZero + 1, MinusInfinity - 1, 1);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {count} negative floats: worst {ulps:G6} ulp at {at:R}"));
        Assert.That(ulps, Is.LessThanOrEqualTo(1.0));
    }

    [Test]
    public void Special_values()
    {
        var xs = new[] { float.NegativeInfinity, -1e30f, -104f, -30f, -17.4f, -1f, -1e-30f, -float.Epsilon, -0f, 0f, float.Epsilon, 1f, 1e30f, float.PositiveInfinity, float.NaN };
        var y = new float[xs.Length];
        Elementwise.Elu(xs, 1f, y);
        Assert.That(y[..4], Is.All.EqualTo(-1f), "ELU(x) = −1 where eˣ is below half an ulp of 1");
        Assert.That(y[6], Is.EqualTo(-1e-30f), "eˣ − 1 ≈ x keeps tiny arguments");
        Assert.That(y[7], Is.EqualTo(-float.Epsilon));
        Assert.That(y[8], Is.EqualTo(0f));
        Assert.That(y[9..14], Is.EqualTo(xs[9..14]), "x > 0 passes through");
        Assert.That(y[14], Is.NaN);
    }

    /// <summary>
    /// The ELU of round 3 (2ᵏ by the saturating float-to-int conversion, before 2026-11-26 round 4), written out
    /// operation for operation, against today's (2ᵏ by a magic-number add) in both vector forms, bit for bit: every 521st negative float,
    /// the floats around 0, −ln 2/2 and the clamp at −30, NaNs with several payloads and both signs, ±∞, positives.
    /// </summary>
    [Test]
    public void Elu_gives_the_bits_of_the_conversion_form_it_replaced()
    {
        static Vector<float> OldExpm1(Vector<float> x)
        {
            x = Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(-30f)), new Vector<float>(-30f), x);
            var k = Vector.Round(x * new Vector<float>(1.44269502f));
            var r = Vector.FusedMultiplyAdd(k, new Vector<float>(-0.693359375f), x);
            r = Vector.FusedMultiplyAdd(k, new Vector<float>(2.12194442e-4f), r);
            var q = new Vector<float>(1f / 40320);
            q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 5040));
            q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 720));
            q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 120));
            q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 24));
            q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(1f / 6));
            q = Vector.FusedMultiplyAdd(q, r, new Vector<float>(0.5f));
            var p = Vector.FusedMultiplyAdd(r * r, q, r);
            var twoK = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(k) + new Vector<int>(127), 23));
            return Vector.FusedMultiplyAdd(twoK, p, twoK - Vector<float>.One);
        }
        var xs = new List<float>();
        for (ulong bits = MinusZero; bits <= MinusInfinity; bits += 521) xs.Add(BitConverter.UInt32BitsToSingle((uint)bits));
        foreach (var (from, to) in new[] { (MinusZero, MinusZero + 20_000), (Bits(-0.3466f) - 20_000, Bits(-0.3466f) + 20_000), (Bits(-30f) - 20_000, Bits(-30f) + 20_000) })
            for (uint bits = from; bits <= to; bits++) xs.Add(BitConverter.UInt32BitsToSingle(bits));
        foreach (uint nan in new uint[] { 0x7FC0_0000, 0xFFC0_0000, 0x7FC0_0001, 0xFFC0_01FF, 0x7FFF_FFFF, 0xFF80_0001, 0x7FA0_0003 })
            xs.Add(BitConverter.UInt32BitsToSingle(nan));
        xs.AddRange([float.NegativeInfinity, float.PositiveInfinity, 0f, float.Epsilon, 0.5f, 88f, 1e30f, float.MaxValue]);
        while (xs.Count % 16 != 0) xs.Add(-1f);
        var x = xs.ToArray();
        int width = Vector<float>.Count;
        foreach (var alpha in new[] { 1f, 0.5f })
        {
            var va = new Vector<float>(alpha);
            var expected = new float[x.Length];
            var got = new float[x.Length];
            for (int i = 0; i < x.Length; i += width)
            {
                var v = new Vector<float>(x, i);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), v, va * OldExpm1(v)).CopyTo(expected, i);
                Elementwise.Elu(v, va).CopyTo(got, i);
            }
            AssertSameBits(x, got, expected, $"Vector<float> ({width} lanes), α = {alpha}");
            if (!Vector512.IsHardwareAccelerated) continue;
            for (int i = 0; i < x.Length; i += 16)
                Elementwise.Elu(Vector512.Create(x.AsSpan(i)), Vector512.Create(alpha)).CopyTo(got.AsSpan(i));
            AssertSameBits(x, got, expected, $"512-bit, α = {alpha}");
        }
    }

    private static void AssertSameBits(float[] x, float[] got, float[] expected, string what)
    {
        int differ = 0, first = -1;
        for (int i = 0; i < x.Length; i++)
            if (BitConverter.SingleToInt32Bits(got[i]) != BitConverter.SingleToInt32Bits(expected[i]) && differ++ == 0) first = i;
        Assert.That(differ, Is.Zero, () => string.Create(CultureInfo.InvariantCulture,
            $"{what}: {differ} of {x.Length} differ, first at x = {x[first]:R} (0x{BitConverter.SingleToUInt32Bits(x[first]):X8}): {got[first]:R} against {expected[first]:R}"));
    }

    /// <summary>Every element gets the same value whether it lands in the vector loop or in the scalar tail.</summary>
    [Test]
    public void Vector_and_scalar_paths_agree_bit_for_bit()
    {
        var rng = new Random(7);
        var xs = Enumerable.Range(0, 1003).Select(i => (float)(rng.NextDouble() * 40 - 35) * (i % 3 == 0 ? 1e-3f : 1f)).ToArray();
        foreach (var alpha in new[] { 1f, 0.5f, 1.7f })
        {
            var whole = new float[xs.Length];
            Elementwise.Elu(xs, alpha, whole);
            for (int i = 0; i < xs.Length; i++)
            {
                var one = new float[1];
                Elementwise.Elu(xs.AsSpan(i, 1), alpha, one);   // a one-element span: the scalar tail
                Assert.That(BitConverter.SingleToInt32Bits(one[0]), Is.EqualTo(BitConverter.SingleToInt32Bits(whole[i])), $"x = {xs[i]:R}, α = {alpha}");
            }
        }
    }

    /// <summary>The fused pass of addmm + ELU (bias row and ELU together) gives the values of the two passes, bit for bit.</summary>
    [TestCase(16, 128)]
    [TestCase(5, 43)]   // per row: 32 in 512-bit lanes, 8 in Vector<float> lanes, 3 scalar; the two passes split the flat buffer otherwise
    [TestCase(7, 13)]
    [TestCase(3, 2)]
    public void Bias_and_elu_in_one_pass_equal_the_two_passes(int rows, int cols)
    {
        var rng = new Random(rows * 100 + cols);
        var data = Enumerable.Range(0, rows * cols).Select(_ => (float)(rng.NextDouble() * 6 - 4)).ToArray();
        var row = Enumerable.Range(0, cols).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var twoPasses = data.ToArray();
        Elementwise.AddRowInPlace(twoPasses, row);
        Elementwise.Elu(twoPasses, 0.8f, twoPasses);
        var onePass = data.ToArray();
        Elementwise.AddRowElu(onePass, row, 0.8f);
        Assert.That(onePass, Is.EqualTo(twoPasses));
    }
}
