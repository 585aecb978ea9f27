using System.Numerics;

namespace Grader.Tensors;

/// <summary>
/// Standard normal draws in bulk with the values of <see cref="Generator.NextNormal"/>, rounded to float32: the same
/// uniforms in the same order (two per pair, u₁ redrawn while ≤ ε), the cosine half first, and a pending spare used
/// first and left pending when the count is odd. The uniforms are drawn one by one (the stream is sequential); the
/// transform r·cos(2πu₂), r·sin(2πu₂) with r = √(−2 ln u₁) runs in SIMD on doubles with our own log and sin/cos
/// (only +, ×, fused multiply-add, √ and bit operations, so the same inputs give the same bits on any machine).
/// </summary>
/// <remarks>
/// Where the scalar path would compute a different float the result is replaced by the scalar path's own value: this
/// kernel's double v differs from libm's by less than Δ = (|v| + r)·2⁻⁴⁹ (our log and sin/cos are within a few ulps,
/// libm's within one; measured: below 2⁻⁵¹ relative to |v| + r on 10⁶ draws, Tests/…/Random/BoxMullerTests.cs), so
/// when v lies farther than Δ from every midpoint between two floats, both round to the same float; otherwise (about
/// one draw in a million) the element is recomputed as NextNormal computes it. The spare, which NextNormal returns in
/// double, is always computed the scalar way.
/// </remarks>
internal static class BoxMuller
{
    private const int Block = 256;   // pairs per batch of uniforms

    /// <summary>Fills <paramref name="destination"/> as that many <see cref="Generator.NextNormal"/> calls would, rounded to float.</summary>
    public static void Fill(Generator generator, ref double? spare, Span<float> destination)
    {
        int i = 0;
        if (destination.Length == 0) return;
        if (spare is double s) { destination[0] = (float)s; spare = null; i = 1; }
        Span<double> u1 = stackalloc double[Block], u2 = stackalloc double[Block];
        Span<float> c = stackalloc float[Block], sn = stackalloc float[Block];
        while (i < destination.Length)
        {
            int pairs = Math.Min(Block, (destination.Length - i + 1) / 2);
            for (int p = 0; p < pairs; p++)
            {
                double a;
                do a = generator.NextDouble(); while (a <= double.Epsilon);
                u1[p] = a;
                u2[p] = generator.NextDouble();
            }
            Transform(u1[..pairs], u2[..pairs], c[..pairs], sn[..pairs]);
            for (int p = 0; p < pairs; p++)
            {
                destination[i++] = c[p];
                if (i < destination.Length) destination[i++] = sn[p];
                else spare = Math.Sqrt(-2.0 * Math.Log(u1[p])) * Math.Sin(2 * Math.PI * u2[p]);   // NextNormal's spare, in double
            }
        }
    }

    /// <summary>
    /// (float)(r·cos 2πu₂) and (float)(r·sin 2πu₂), r = √(−2 ln u₁), equal to the scalar expressions of
    /// <see cref="Generator.NextNormal"/> rounded to float (u₁ in (ε, 1), u₂ in [0, 1)).
    /// </summary>
    public static void Transform(ReadOnlySpan<double> u1, ReadOnlySpan<double> u2, Span<float> cos, Span<float> sin)
    {
        int n = u1.Length, i = 0;
        Span<double> vc = stackalloc double[Vector<double>.Count], vs = stackalloc double[Vector<double>.Count], vr = stackalloc double[Vector<double>.Count];
        if (Vector.IsHardwareAccelerated)
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var r = Vector.SquareRoot(new Vector<double>(-2.0) * Log(new Vector<double>(u1[i..])));
                var (s, c) = SinCos(new Vector<double>(2 * Math.PI) * new Vector<double>(u2[i..]));
                (r * c).CopyTo(vc);
                (r * s).CopyTo(vs);
                r.CopyTo(vr);
                for (int k = 0; k < Vector<double>.Count; k++)
                {
                    cos[i + k] = Round(vc[k], vr[k], u1[i + k], u2[i + k], sine: false);
                    sin[i + k] = Round(vs[k], vr[k], u1[i + k], u2[i + k], sine: true);
                }
            }
        for (; i < n; i++)
        {
            double r = Math.Sqrt(-2.0 * Math.Log(u1[i]));
            cos[i] = (float)(r * Math.Cos(2 * Math.PI * u2[i]));
            sin[i] = (float)(r * Math.Sin(2 * Math.PI * u2[i]));
        }
    }

    /// <summary>(float)v, or the scalar path's float when v lies within Δ of a rounding boundary.</summary>
    private static float Round(double v, double r, double u1, double u2, bool sine)
    {
        float f = (float)v;
        double delta = (Math.Abs(v) + r) * 1.7763568394002505e-15;   // 2⁻⁴⁹
        double up = (f + (double)MathF.BitIncrement(f)) / 2, down = (f + (double)MathF.BitDecrement(f)) / 2;   // exact in double
        if (v + delta < up && v - delta > down && float.IsFinite(f)) return f;
        double rs = Math.Sqrt(-2.0 * Math.Log(u1));
        return (float)(rs * (sine ? Math.Sin(2 * Math.PI * u2) : Math.Cos(2 * Math.PI * u2)));
    }

    /// <summary>
    /// ln x for positive normal x: x = m·2ᵉ with m in [√½, √2), ln m = 2 atanh s, s = (m − 1)/(m + 1), by its series to
    /// s²³ (|s| ≤ 0.1716, truncation below 10⁻¹⁸); e·ln 2 with ln 2 split so that e·ln2_hi is exact.
    /// </summary>
    internal static Vector<double> Log(Vector<double> x)
    {
        var bits = x.As<double, long>();
        var e = Vector.ShiftRightArithmetic(bits, 52) - new Vector<long>(1023);
        var m = (Vector.BitwiseAnd(bits, new Vector<long>(0x000F_FFFF_FFFF_FFFFL)) | new Vector<long>(0x3FF0_0000_0000_0000L)).As<long, double>();
        var big = Vector.GreaterThan(m, new Vector<double>(1.4142135623730951));
        m = Vector.ConditionalSelect(big, m * new Vector<double>(0.5), m);
        e = Vector.ConditionalSelect(big, e + Vector<long>.One, e);
        var s = (m - Vector<double>.One) / (m + Vector<double>.One);
        var z = s * s;
        var p = new Vector<double>(2.0 / 23);
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 21));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 19));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 17));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 15));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 13));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 11));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 9));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 7));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 5));
        p = Vector.FusedMultiplyAdd(p, z, new Vector<double>(2.0 / 3));
        var logM = Vector.FusedMultiplyAdd(s * z, p, s * new Vector<double>(2.0));   // 2s + s³·P(s²)
        var ed = Vector.ConvertToDouble(e);
        return Vector.FusedMultiplyAdd(ed, new Vector<double>(Ln2Hi), Vector.FusedMultiplyAdd(ed, new Vector<double>(Ln2Lo), logM));
    }

    private const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;   // fdlibm's split of ln 2

    /// <summary>
    /// sin t and cos t for t in [0, 2π]: t − k·π/2 (k = round(2t/π) ≤ 4) by Cody–Waite in three parts with fused
    /// multiply-adds, then Taylor polynomials on [−π/4, π/4] (to r¹⁷ and r¹⁸; truncation below 10⁻¹⁹) and the quadrant.
    /// </summary>
    internal static (Vector<double> sin, Vector<double> cos) SinCos(Vector<double> t)
    {
        var k = Vector.Round(t * new Vector<double>(2 / Math.PI));
        var r = Vector.FusedMultiplyAdd(-k, new Vector<double>(PiOver2A), t);
        r = Vector.FusedMultiplyAdd(-k, new Vector<double>(PiOver2B), r);
        r = Vector.FusedMultiplyAdd(-k, new Vector<double>(PiOver2C), r);
        var z = r * r;
        var ps = new Vector<double>(1.0 / 355687428096000);            // 1/17!
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(-1.0 / 1307674368000));   // −1/15!
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(1.0 / 6227020800));       // 1/13!
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(-1.0 / 39916800));        // −1/11!
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(1.0 / 362880));
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(-1.0 / 5040));
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(1.0 / 120));
        ps = Vector.FusedMultiplyAdd(ps, z, new Vector<double>(-1.0 / 6));
        var sinR = Vector.FusedMultiplyAdd(r * z, ps, r);
        var pc = new Vector<double>(1.0 / 6402373705728000);            // 1/18!
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(-1.0 / 20922789888000));  // −1/16!
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(1.0 / 87178291200));      // 1/14!
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(-1.0 / 479001600));       // −1/12!
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(1.0 / 3628800));
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(-1.0 / 40320));
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(1.0 / 720));
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(-1.0 / 24));
        pc = Vector.FusedMultiplyAdd(pc, z, new Vector<double>(0.5));
        var cosR = Vector.FusedMultiplyAdd(-z, pc, Vector<double>.One);
        var q = Vector.BitwiseAnd(Vector.ConvertToInt64(k), new Vector<long>(3));
        var swap = Vector.Equals(Vector.BitwiseAnd(q, Vector<long>.One), Vector<long>.One).As<long, double>();   // odd quadrant: sin ↔ cos
        var s = Vector.ConditionalSelect(swap, cosR, sinR);
        var c = Vector.ConditionalSelect(swap, sinR, cosR);
        var negSin = Vector.GreaterThanOrEqual(q, new Vector<long>(2)).As<long, double>();                     // quadrants 2, 3
        var negCos = Vector.Equals(Vector.BitwiseAnd(q + Vector<long>.One, new Vector<long>(2)), new Vector<long>(2)).As<long, double>();   // quadrants 1, 2
        return (Vector.ConditionalSelect(negSin, -s, s), Vector.ConditionalSelect(negCos, -c, c));
    }

    // π/2 = A + B + C: A and B with 33 significant bits (k·A, k·B exact for k ≤ 4), C the rest (fdlibm's pio2_1, pio2_2, pio2_2t).
    private const double PiOver2A = 1.57079632673412561417e+00, PiOver2B = 6.07710050630396597660e-11, PiOver2C = 2.02226624879595063154e-21;
}
