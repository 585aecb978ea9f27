namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// The matrix-product kernels (Kernels/Gemm.cs: OpenBLAS; Kernels/ManagedGemm.cs: the register-blocked kernel of
/// Kernels/BlockedGemm.cs and the row-by-row fallback) called directly, on random sizes that are not multiples of the
/// SIMD width or of the micro-tiles (12 × 32, 6 × 16), that straddle the k-blocks (128 of the fallback, 256 of the
/// blocked kernel) and the blocked kernel's row block of 120, with transposed operands and leading dims larger than
/// the row length.
///
/// Tolerance: each kernel computes every element as a float dot product of length k, whose error in any summation
/// order (with or without FMA) is at most γ_k·Σ|a||b| with γ_k = k·u/(1 − k·u), u = 2⁻²⁴. Two such results differ by
/// at most 2γ_k·Σ|a||b| ≈ k·ε₃₂·Σ|a||b|, and each differs from the exact double product by at most half that.
/// </summary>
public class GemmTests
{
    public sealed record GemmCase(bool TransA, bool TransB, int M, int N, int K, int PadA, int PadB, int Seed)
    {
        public override string ToString() => $"{(TransA ? "Aᵀ" : "A")}·{(TransB ? "Bᵀ" : "B")} m={M} n={N} k={K} padA={PadA} padB={PadB} seed={Seed}";
    }

    private static Gen<GemmCase> Cases =>
        from transA in Gen.Elements(false, true)
        from transB in Gen.Elements(false, true)
        from m in Gen.Frequency((3, Gen.Choose(1, 17)), (1, Gen.Choose(18, 70)))
        from n in Gen.Frequency((3, Gen.Choose(1, 17)), (1, Gen.Choose(18, 70)))
        from k in Gen.Frequency((2, Gen.Choose(1, 17)), (1, Gen.Choose(18, 127)), (1, Gen.Choose(128, 300)))
        from padA in Gen.Choose(0, 3)
        from padB in Gen.Choose(0, 3)
        from seed in Gen.Choose(0, int.MaxValue)
        select new GemmCase(transA, transB, m, n, k, padA, padB, seed);

    /// <summary>A stored rows×cols row-major matrix with leading dim cols + pad (the pad holds NaN, which must never be read).</summary>
    private static float[] Stored(int rows, int cols, int pad, Generator g)
    {
        int ld = cols + pad;
        var s = new float[rows * ld];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < ld; j++) s[i * ld + j] = j < cols ? (float)g.NextNormal() : float.NaN;
        return s;
    }

    private static (float[] a, int lda, float[] b, int ldb) Operands(GemmCase c)
    {
        var g = new Generator(c.Seed);
        // op(A) is m×k: A is stored m×k, or k×m when transposed; likewise B.
        var a = c.TransA ? Stored(c.K, c.M, c.PadA, g) : Stored(c.M, c.K, c.PadA, g);
        var b = c.TransB ? Stored(c.N, c.K, c.PadB, g) : Stored(c.K, c.N, c.PadB, g);
        return (a, (c.TransA ? c.M : c.K) + c.PadA, b, (c.TransB ? c.K : c.N) + c.PadB);
    }

    private static (double[] c, double[] abs) Exact(GemmCase c, float[] a, int lda, float[] b, int ldb)
    {
        var r = new double[c.M * c.N]; var abs = new double[r.Length];
        for (int i = 0; i < c.M; i++)
            for (int j = 0; j < c.N; j++)
                for (int p = 0; p < c.K; p++)
                {
                    double x = c.TransA ? a[p * lda + i] : a[i * lda + p];
                    double y = c.TransB ? b[j * ldb + p] : b[p * ldb + j];
                    r[i * c.N + j] += x * y; abs[i * c.N + j] += Math.Abs(x * y);
                }
        return (r, abs);
    }

    [Test]
    public void Managed_kernel_matches_exact_products() => MatchesExactProducts(ManagedGemm.Run, "managed", cases: 40);

    [Test]
    public void Row_by_row_fallback_matches_exact_products() => MatchesExactProducts(ManagedGemm.RunRows, "rows", cases: 20);

    /// <summary>The signature of <see cref="ManagedGemm.Run"/> and <see cref="ManagedGemm.RunRows"/>.</summary>
    private delegate void Kernel(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c);

    /// <summary><paramref name="kernel"/> on <paramref name="cases"/> drawn shapes, each product within the float bound of the exact one.</summary>
    private static void MatchesExactProducts(Kernel kernel, string name, int cases) =>
        PropertyCheck.ForAll(Cases, c =>
        {
            var (a, lda, b, ldb) = Operands(c);
            var got = new float[c.M * c.N];
            kernel(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, got);
            var (exact, abs) = Exact(c, a, lda, b, ldb);
            AssertClose(got, exact, i => c.K * Eps32 / 2 * abs[i] + 1e-30, c + " " + name);
        }, cases: cases);

    /// <summary>
    /// The bound of a k-term float dot product in any order, γ_k·Σ|a·b| with γ_k = k·u/(1 − k·u), u = 2⁻²⁴, plus the
    /// double reference's own error (k·2⁻⁵³·Σ|a·b|) and the smallest subnormal (products that underflow).
    /// </summary>
    private static double DotBound(int k, double abs)
    {
        double u = Eps32 / 2, ku = k * u;
        return ku / (1 - ku) * abs + k * Math.Pow(2, -53) * abs + 1e-45;
    }

    /// <summary>Both micro-kernels where this machine runs them (the 12 × 32 one needs 512-bit vectors, the 6 × 16 one FMA).</summary>
    private static IEnumerable<bool> Kernels()
    {
        if (BlockedGemm.Wide) yield return true;
        if (BlockedGemm.Narrow) yield return false;
    }

    private static void CheckBlocked(GemmCase c)
    {
        var (a, lda, b, ldb) = Operands(c);
        var (exact, abs) = Exact(c, a, lda, b, ldb);
        foreach (bool wide in Kernels())
        {
            var got = new float[c.M * c.N];
            Array.Fill(got, float.NaN);   // every element must be written
            BlockedGemm.Run(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, got, wide);
            AssertClose(got, exact, i => DotBound(c.K, abs[i]), c + (wide ? " blocked 12×32" : " blocked 6×16"));
        }
    }

    private static void RequireBlocked()
    {
        if (!BlockedGemm.IsSupported) Assert.Ignore("this machine has neither 512-bit vectors nor 256-bit vectors with FMA; the blocked kernel does not run here");
    }

    [Test]
    public void Blocked_kernel_matches_exact_products_on_random_shapes()
    {
        RequireBlocked();
        PropertyCheck.ForAll(Cases, CheckBlocked, cases: 40);
    }

    /// <summary>Every edge size the tiles and blocks have (1, 7, 15, 17, 33 against tiles of 6/12 rows and 16/32 columns), each transpose.</summary>
    [Test]
    public void Blocked_kernel_matches_exact_products_at_edge_sizes()
    {
        RequireBlocked();
        int seed = 1;
        foreach (int m in new[] { 1, 7, 15, 17, 33 })
            foreach (int n in new[] { 1, 7, 15, 17, 33 })
                foreach (int k in new[] { 1, 7, 17 })
                    CheckBlocked(new GemmCase(seed % 2 == 0, seed++ % 3 == 0, m, n, k, seed % 3, (seed + 1) % 3, seed));
        foreach (var (transA, transB) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            CheckBlocked(new GemmCase(transA, transB, 121, 33, 257, 1, 2, seed++));   // past a row block of 120 and a k-block of 256
            CheckBlocked(new GemmCase(transA, transB, 240, 64, 128, 0, 1, seed++));   // whole row blocks, whole 32-column panels
            CheckBlocked(new GemmCase(transA, transB, 13, 4100, 3, 2, 0, seed++));    // past a column block of 4096
            CheckBlocked(new GemmCase(transA, transB, 50, 40, 600, 0, 0, seed++));    // three k-blocks
        }
    }

    /// <summary>
    /// Every element of C gets the same operations wherever its tile falls (full tiles in registers, edge tiles
    /// through a scratch tile): a row of A·B equals, bit for bit, the same row computed alone or in another batch.
    /// </summary>
    [Test]
    public void Blocked_kernel_computes_a_row_the_same_whatever_the_batch()
    {
        RequireBlocked();
        var whole = new GemmCase(false, true, 131, 70, 300, 0, 0, 77);
        var (a, lda, b, ldb) = Operands(whole);
        foreach (bool wide in Kernels())
        {
            var c = new float[whole.M * whole.N];
            BlockedGemm.Run(false, true, whole.M, whole.N, whole.K, a, lda, b, ldb, c, wide);
            foreach (var (start, rows) in new[] { (0, 1), (5, 7), (119, 12), (130, 1), (24, 107) })
            {
                var part = new float[rows * whole.N];
                BlockedGemm.Run(false, true, rows, whole.N, whole.K, a.AsSpan(start * lda), lda, b, ldb, part, wide);
                for (int i = 0; i < part.Length; i++)
                    Assert.That(BitConverter.SingleToInt32Bits(part[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(c[start * whole.N + i])),
                        $"rows {start}…{start + rows - 1}: element {i} differs from the whole batch's ({(wide ? "12×32" : "6×16")})");
            }
        }
    }

    /// <summary>The skinny kernels' shapes: A·Bᵀ with n ≤ 4 and k ≥ 32, Aᵀ·B with m ≤ 4 or n ≤ 4.</summary>
    private static Gen<GemmCase> SkinnyCases =>
        from rowDots in Gen.Elements(false, true)
        from wide in Gen.Frequency((3, Gen.Choose(1, 70)), (1, Gen.Choose(71, 300)))
        from narrow in Gen.Choose(1, SkinnyGemm.MaxSkinny)
        from narrowRows in Gen.Elements(false, true)
        from k in rowDots ? Gen.Choose(32, 300) : Gen.Frequency((2, Gen.Choose(1, 40)), (1, Gen.Choose(41, 2000)))
        from padA in Gen.Choose(0, 3)
        from padB in Gen.Choose(0, 3)
        from seed in Gen.Choose(0, int.MaxValue)
        select rowDots
            ? new GemmCase(false, true, wide, narrow, k, padA, padB, seed)
            : new GemmCase(true, false, narrowRows ? narrow : wide, narrowRows ? wide : narrow, k, padA, padB, seed);

    private static void CheckSkinny(GemmCase c)
    {
        Assert.That(SkinnyGemm.Takes(c.TransA, c.TransB, c.M, c.N, c.K), Is.True, c.ToString());
        var (a, lda, b, ldb) = Operands(c);
        var (exact, abs) = Exact(c, a, lda, b, ldb);
        var got = new float[c.M * c.N];
        Array.Fill(got, float.NaN);   // every element must be written
        SkinnyGemm.Run(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, got);
        AssertClose(got, exact, i => DotBound(c.K, abs[i]), c + " skinny");
    }

    [Test]
    public void Skinny_kernels_match_exact_products_on_random_shapes()
    {
        if (!SkinnyGemm.IsSupported) Assert.Ignore("this machine has no 256-bit vectors with FMA; the skinny kernels do not run here");
        PropertyCheck.ForAll(SkinnyCases, CheckSkinny, cases: 60);
        // Every column-block edge (16 columns per block) and a long k, each kernel.
        int seed = 1;
        foreach (int wide in new[] { 1, 15, 16, 17, 33, 64 })
            foreach (int narrow in new[] { 1, 2, 3, 4 })
            {
                CheckSkinny(new GemmCase(false, true, wide, narrow, 32 + wide, seed % 3, (seed + 1) % 3, seed++));
                CheckSkinny(new GemmCase(true, false, narrow, wide, 10_000, seed % 3, (seed + 1) % 3, seed++));
                CheckSkinny(new GemmCase(true, false, wide, narrow, 3 + wide, seed % 3, (seed + 1) % 3, seed++));
            }
    }

    [Test]
    public void Skinny_kernels_refuse_shapes_they_do_not_take()
    {
        if (!SkinnyGemm.IsSupported) Assert.Ignore("this machine has no 256-bit vectors with FMA; the skinny kernels do not run here");
        var c = new float[5 * 5];
        Assert.Throws<ArgumentException>(() => SkinnyGemm.Run(false, false, 5, 5, 40, new float[200], 40, new float[200], 5, c));
        Assert.Throws<ArgumentException>(() => SkinnyGemm.Run(false, true, 5, 2, 16, new float[80], 16, new float[32], 16, c), "A·Bᵀ with k < 32");
        Assert.Throws<ArgumentException>(() => SkinnyGemm.Run(false, true, 5, 2, 40, new float[199], 40, new float[80], 40, c), "A one element short");
    }

    /// <summary>A row of a skinny product is the same, bit for bit, computed alone or in any batch (a layer's output does not depend on its batch).</summary>
    [Test]
    public void Skinny_kernels_compute_a_row_the_same_whatever_the_batch()
    {
        if (!SkinnyGemm.IsSupported) Assert.Ignore("this machine has no 256-bit vectors with FMA; the skinny kernels do not run here");
        var whole = new GemmCase(false, true, 131, 2, 300, 0, 0, 78);
        var (a, lda, b, ldb) = Operands(whole);
        var c = new float[whole.M * whole.N];
        SkinnyGemm.Run(false, true, whole.M, whole.N, whole.K, a, lda, b, ldb, c);
        foreach (var (start, rows) in new[] { (0, 1), (5, 7), (130, 1), (24, 107) })
        {
            var part = new float[rows * whole.N];
            SkinnyGemm.Run(false, true, rows, whole.N, whole.K, a.AsSpan(start * lda), lda, b, ldb, part);
            for (int i = 0; i < part.Length; i++)
                Assert.That(BitConverter.SingleToInt32Bits(part[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(c[start * whole.N + i])),
                    $"rows {start}…{start + rows - 1}: element {i} differs from the whole batch's");
        }
    }

    [Test]
    public void OpenBlas_and_managed_kernels_agree()
    {
        RequireOpenBlas();
        PropertyCheck.ForAll(Cases, c =>
        {
            var (a, lda, b, ldb) = Operands(c);
            var native = new float[c.M * c.N];
            var managed = new float[c.M * c.N];
            Gemm.RunNative(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, native);
            ManagedGemm.Run(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, managed);
            var (exact, abs) = Exact(c, a, lda, b, ldb);
            AssertClose(native, exact, i => c.K * Eps32 / 2 * abs[i] + 1e-30, c + " openblas vs exact");
            AssertClose(native, managed.Select(v => (double)v).ToArray(), i => c.K * Eps32 * abs[i] + 1e-30, c + " openblas vs managed");
        }, cases: 40);
    }

    /// <summary>What <c>Gemm.Run</c> dispatches (the blocked kernel where its tiles fill, else OpenBLAS, on "managed+openblas") matches the exact product either way.</summary>
    [TestCase(40, 40, 70, false, true)]
    [TestCase(24, 32, 9, true, false)]
    [TestCase(23, 32, 9, false, false)]
    [TestCase(1000, 2, 16, false, true)]
    [TestCase(2, 300, 50, true, true)]
    [TestCase(1003, 64, 3, false, true)]
    [TestCase(1000, 128, 2, false, false)]
    [TestCase(1001, 129, 40, false, true)]
    [TestCase(125, 1, 64, false, true)]
    [TestCase(2, 64, 10_000, true, false)]
    [TestCase(64, 3, 10_000, true, false)]
    public void Dispatcher_matches_exact_products_on_filled_and_skinny_shapes(int m, int n, int k, bool transA, bool transB)
    {
        var c = new GemmCase(transA, transB, m, n, k, 1, 0, m * n + k);
        var (a, lda, b, ldb) = Operands(c);
        var got = new float[m * n];
        Gemm.Run(transA, transB, m, n, k, a, lda, b, ldb, got);
        var (exact, abs) = Exact(c, a, lda, b, ldb);
        AssertClose(got, exact, i => DotBound(k, abs[i]), $"{c} via {Gemm.Backend}");
    }

    [Test]
    public void Dispatcher_handles_empty_dims_and_reports_its_backend()
    {
        var c = new float[] { 5f, 5f, 5f, 5f };
        Gemm.Run(false, false, 2, 2, 0, [], 1, [], 2, c);
        Assert.That(c, Is.All.EqualTo(0f), "k = 0 gives zeros");
        Gemm.Run(false, false, 0, 2, 3, [], 3, new float[6], 2, []);
        Assert.That(Gemm.Backend, Is.EqualTo(torch.blas_backend));
        bool native = Environment.GetEnvironmentVariable(Gemm.ForceManagedVariable) != "1" && Gemm.NativeAvailable;
        Assert.That(Gemm.Backend, Is.EqualTo(!native ? "managed" : BlockedGemm.IsSupported ? "managed+openblas" : "openblas"),
            "OpenBLAS when it loads, with the managed kernel for the shapes where it wins on this machine's vectors");
    }

    private static void RequireOpenBlas()
    {
        if (!Gemm.NativeAvailable)
            Assert.Ignore("OpenBLAS (libopenblas.so.0 with cblas_sgemm) is not loadable here; only the managed kernel was tested. Install libopenblas0-pthread.");
    }
}
