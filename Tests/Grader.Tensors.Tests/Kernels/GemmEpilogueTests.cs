namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// A product's epilogue (Kernels/GemmEpilogue.cs): the bias row and ReLU/ELU, which the register-blocked kernel applies
/// to each tile of C after its last k-block. The claim is bit-for-bit equality with the product followed by the
/// separate passes addmm ran before (<see cref="GemmEpilogue.ApplyRows"/>), on every kernel this machine runs, at the
/// tile and block edges, and on the values where ReLU and ELU have special cases (±0, NaN, ±∞, subnormals, below ELU's
/// floor of −30).
/// </summary>
public class GemmEpilogueTests
{
    private static readonly (EpilogueActivation act, float alpha)[] Epilogues =
        [(EpilogueActivation.None, 1f), (EpilogueActivation.Relu, 1f), (EpilogueActivation.Elu, 1f), (EpilogueActivation.Elu, 0.5f)];

    private static float[] Normal(int count, Generator g, float scale = 1f)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = scale * (float)g.NextNormal();
        return x;
    }

    /// <summary>A bias row of n values with the special ones at its start (when n allows) and normals after.</summary>
    private static float[] Bias(int n, Generator g)
    {
        float[] special = [float.NaN, -0f, float.PositiveInfinity, float.NegativeInfinity, -45f, 1e-40f];
        var bias = Normal(n, g, 2f);
        if (n >= 17) special.CopyTo(bias, 3);
        return bias;
    }

    private static void AssertSameBits(float[] got, float[] expected, string what)
    {
        for (int i = 0; i < got.Length; i++)
            if (BitConverter.SingleToInt32Bits(got[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                Assert.Fail($"{what}: element {i} is {got[i]:R}, the separate passes give {expected[i]:R}");
    }

    /// <summary>
    /// The kernel with the epilogue against the same kernel without it followed by the passes, over tile edges (6/12
    /// rows, 16/32 columns), the row block of 120, and k across the k-block of 256 (where applying the epilogue before
    /// the last block would show).
    /// </summary>
    [Test]
    public void Blocked_kernel_with_an_epilogue_equals_the_product_then_the_passes_bit_for_bit()
    {
        if (!BlockedGemm.IsSupported) Assert.Ignore("this machine has neither 512-bit vectors nor 256-bit vectors with FMA; the blocked kernel does not run here");
        var kernels = new[] { true, false }.Where(wide => wide ? BlockedGemm.Wide : BlockedGemm.Narrow).ToArray();
        int seed = 0;
        foreach (bool wide in kernels)
            foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 17, 5), (13, 33, 300), (121, 70, 64), (6, 16, 2), (12, 32, 257), (30, 15, 40), (13, 4100, 3) })
                foreach (var (transA, transB) in new[] { (false, true), (true, false) })
                    foreach (var (act, alpha) in Epilogues)
                    {
                        var g = new Generator(++seed);
                        var a = Normal(m * k, g);
                        var b = Normal(k * n, g);
                        var bias = Bias(n, g);
                        int lda = transA ? m : k, ldb = transB ? k : n;
                        var expected = new float[m * n];
                        BlockedGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, expected, wide);
                        new GemmEpilogue(bias, act, alpha).ApplyRows(expected);
                        var got = new float[m * n];
                        Array.Fill(got, float.NaN);
                        BlockedGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, got, wide, new GemmEpilogue(bias, act, alpha));
                        AssertSameBits(got, expected, $"{(wide ? "12×32" : "6×16")} m={m} n={n} k={k} transA={transA} {act} α={alpha}");
                    }
    }

    /// <summary>What <c>Gemm.Run</c> dispatches with an epilogue (fused or as passes, by the kernel the shape gets) equals the product then the passes, on the workloads' layer shapes.</summary>
    [TestCase(1000, 128, 128)]
    [TestCase(1000, 64, 128)]
    [TestCase(1000, 16, 32)]
    [TestCase(1000, 2, 16)]
    [TestCase(1003, 64, 3)]
    [TestCase(125, 64, 64)]
    [TestCase(128, 128, 256)]
    [TestCase(1024, 2, 512)]
    public void Dispatcher_with_an_epilogue_equals_the_product_then_the_passes_bit_for_bit(int m, int n, int k)
    {
        var g = new Generator(m + n + k);
        var a = Normal(m * k, g);
        var w = Normal(n * k, g, 0.2f);   // a layer's weight [n, k], read transposed
        var bias = Bias(n, g);
        foreach (var (act, alpha) in Epilogues)
        {
            var expected = new float[m * n];
            Gemm.Run(false, true, m, n, k, a, k, w, k, expected);
            new GemmEpilogue(bias, act, alpha).ApplyRows(expected);
            var got = new float[m * n];
            Gemm.Run(false, true, m, n, k, a, k, w, k, got, new GemmEpilogue(bias, act, alpha));
            AssertSameBits(got, expected, $"[{m},{k}]·[{k},{n}] {act} α={alpha} via {Gemm.Backend}");
        }
    }

    /// <summary>The tile form on C values chosen for ReLU's and ELU's special cases (the bias −0 keeps each value as it is, −0 included).</summary>
    [Test]
    public unsafe void The_tile_form_equals_the_passes_on_special_values()
    {
        float[] values = [-0f, 0f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1e-40f, 1e-40f, -30f, -30.5f, -100f,
            -1e-8f, 1e-8f, -0.3465736f, 88f, -88f, float.MinValue, float.MaxValue, -1f, 1f, -2.5f, 3.25f, -17f, 0.1f, -0.1f];
        int rows = 3, cols = values.Length;   // 24 columns: one 512-bit or two 256-bit vectors and a scalar tail per row
        var c0 = new float[rows * cols];
        for (int i = 0; i < c0.Length; i++) c0[i] = values[(i * 7) % values.Length];
        var bias = Enumerable.Repeat(-0f, cols).ToArray();
        foreach (var (act, alpha) in Epilogues)
        {
            var expected = (float[])c0.Clone();
            new GemmEpilogue(bias, act, alpha).ApplyRows(expected);
            var got = (float[])c0.Clone();
            fixed (float* pc = got) fixed (float* pb = bias)
                GemmEpilogue.ApplyTile(pc, rows, cols, cols, pb, act, alpha);
            AssertSameBits(got, expected, $"{act} α={alpha}");
        }
    }

    [Test]
    public void A_bias_of_the_wrong_length_is_refused()
    {
        if (!BlockedGemm.IsSupported) Assert.Ignore("the blocked kernel does not run here");
        var c = new float[6 * 16];
        Assert.Throws<ArgumentException>(() =>
            BlockedGemm.Run(false, false, 6, 16, 2, new float[12], 2, new float[32], 16, c, BlockedGemm.Wide, new GemmEpilogue(new float[15], EpilogueActivation.Relu, 1f)));
    }
}
