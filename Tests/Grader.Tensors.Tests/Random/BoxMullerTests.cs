using System.Numerics;

namespace Grader.Tensors.Tests.Randomness;

/// <summary>
/// The SIMD Box–Muller of randn (Random/BoxMuller.cs) must give exactly the floats of the scalar path,
/// (float)Generator.NextNormal() draw by draw, spare included: compared here element for element.
/// </summary>
public class BoxMullerTests
{
    private static float[] Scalar(Generator g, int n) => Enumerable.Range(0, n).Select(_ => (float)g.NextNormal()).ToArray();

    [Test]
    public void Randn_equals_NextNormal_rounded_for_every_length_and_across_calls()
    {
        int[] lengths = [.. Enumerable.Range(0, 70), 255, 256, 257, 511, 512, 513, 1000, 1001, 100_003];
        var a = new Generator(7);
        var b = new Generator(7);
        foreach (int n in lengths)
        {
            Assert.That(randn([n], a).ToArray(), Is.EqualTo(Scalar(b, n)), $"length {n}");
            if (n % 7 == 3) Assert.That(a.NextNormal(), Is.EqualTo(b.NextNormal()), $"a NextNormal after randn of {n} (the spare, in double)");
        }
    }

    [Test]
    public void Ten_million_draws_are_those_of_the_scalar_path()
    {
        var a = new Generator(123);
        var b = new Generator(123);
        for (int block = 0; block < 10; block++)
        {
            var fast = randn([1_000_001], a).ToArray();
            var slow = Scalar(b, 1_000_001);
            for (int i = 0; i < fast.Length; i++)
                if (BitConverter.SingleToInt32Bits(fast[i]) != BitConverter.SingleToInt32Bits(slow[i]))
                    Assert.Fail($"block {block}, draw {i}: {fast[i]:R} against {slow[i]:R}");
        }
    }

    /// <summary>Uniforms at the quadrant edges of 2πu₂ (where sin or cos crosses 0) and at the ends of u₁'s range.</summary>
    [Test]
    public void Edge_uniforms_give_the_scalar_floats()
    {
        const double ulp = 1.0 / (1L << 53);
        var u2s = new List<double> { 0, ulp, 1 - ulp, 0.5, 0.5 - ulp, 0.5 + ulp };
        foreach (double q in new[] { 0.125, 0.25, 0.375, 0.625, 0.75, 0.875 })
            for (int k = -40; k <= 40; k++) u2s.Add(q + k * ulp);
        var u1s = new[] { ulp * 2, ulp * 3, 1e-15, 0.1, 0.5, 0.5 - ulp, 0.5 + ulp, 0.9999999, 1 - ulp, 1 - 2 * ulp, Math.Exp(-0.5), Math.Exp(-2) };
        var u1 = u1s.SelectMany(a => u2s.Select(_ => a)).ToArray();
        var u2 = u1s.SelectMany(_ => u2s).ToArray();
        var cos = new float[u1.Length];
        var sin = new float[u1.Length];
        BoxMuller.Transform(u1, u2, cos, sin);
        for (int i = 0; i < u1.Length; i++)
        {
            double r = Math.Sqrt(-2.0 * Math.Log(u1[i]));
            Assert.That(cos[i], Is.EqualTo((float)(r * Math.Cos(2 * Math.PI * u2[i]))), $"cos, u1 = {u1[i]:R}, u2 = {u2[i]:R}");
            Assert.That(sin[i], Is.EqualTo((float)(r * Math.Sin(2 * Math.PI * u2[i]))), $"sin, u1 = {u1[i]:R}, u2 = {u2[i]:R}");
        }
    }

    /// <summary>
    /// The kernel's premise: its double r·cos and r·sin differ from libm's by less than Δ = (|v| + r)·2⁻⁴⁹. Measured
    /// on 10⁶ random pairs and on the edge uniforms, the largest difference must stay below a quarter of Δ.
    /// </summary>
    [Test]
    public void The_vector_transform_is_within_a_quarter_of_the_assumed_bound_of_libm()
    {
        var g = new Generator(99);
        int n = 1_000_000 / Vector<double>.Count * Vector<double>.Count;
        double worst = 0;
        var u1 = new double[Vector<double>.Count];
        var u2 = new double[Vector<double>.Count];
        var c = new double[Vector<double>.Count];
        var s = new double[Vector<double>.Count];
        var rv = new double[Vector<double>.Count];
        for (int i = 0; i < n; i += Vector<double>.Count)
        {
            for (int k = 0; k < u1.Length; k++)
            {
                do u1[k] = g.NextDouble(); while (u1[k] <= double.Epsilon);
                u2[k] = g.NextDouble();
            }
            var r = Vector.SquareRoot(new Vector<double>(-2.0) * BoxMuller.Log(new Vector<double>(u1)));
            var (sv, cv) = BoxMuller.SinCos(new Vector<double>(2 * Math.PI) * new Vector<double>(u2));
            (r * cv).CopyTo(c);
            (r * sv).CopyTo(s);
            r.CopyTo(rv);
            for (int k = 0; k < u1.Length; k++)
            {
                double rl = Math.Sqrt(-2.0 * Math.Log(u1[k]));
                double cl = rl * Math.Cos(2 * Math.PI * u2[k]), sl = rl * Math.Sin(2 * Math.PI * u2[k]);
                worst = Math.Max(worst, Math.Abs(c[k] - cl) / (Math.Abs(cl) + rl));
                worst = Math.Max(worst, Math.Abs(s[k] - sl) / (Math.Abs(sl) + rl));
            }
        }
        TestContext.Out.WriteLine($"largest |v − libm| / (|v| + r) on {n} pairs: {worst:E3} = 2^{Math.Log2(worst):F2} (assumed bound 2^-49)");
        Assert.That(worst, Is.LessThan(Math.Pow(2, -51)));
    }
}
