using FsCheck;
using FsCheck.Fluent;
using Grader.Tensors.Tests.Support;
using static Grader.Tensors.Tests.Support.Reference;

namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// The two matrix-product kernels (Kernels/Gemm.cs, Kernels/ManagedGemm.cs) called directly, on random sizes that are
/// not multiples of the SIMD width, that straddle the managed kernel's k-block of 128, with transposed operands and
/// leading dims larger than the row length.
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
    public void Managed_kernel_matches_exact_products() =>
        PropertyCheck.ForAll(Cases, c =>
        {
            var (a, lda, b, ldb) = Operands(c);
            var got = new float[c.M * c.N];
            ManagedGemm.Run(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, got);
            var (exact, abs) = Exact(c, a, lda, b, ldb);
            AssertClose(got, exact, i => c.K * Eps32 / 2 * abs[i] + 1e-30, c + " managed");
        }, cases: 40);

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

    [Test]
    public void Dispatcher_handles_empty_dims_and_reports_its_backend()
    {
        var c = new float[] { 5f, 5f, 5f, 5f };
        Gemm.Run(false, false, 2, 2, 0, [], 1, [], 2, c);
        Assert.That(c, Is.All.EqualTo(0f), "k = 0 gives zeros");
        Gemm.Run(false, false, 0, 2, 3, [], 3, new float[6], 2, []);
        Assert.That(Gemm.Backend, Is.EqualTo(torch.blas_backend));
        Assert.That(Gemm.Backend, Is.EqualTo(Environment.GetEnvironmentVariable(Gemm.ForceManagedVariable) != "1" && Gemm.NativeAvailable ? "openblas" : "managed"));
    }

    private static void RequireOpenBlas()
    {
        if (!Gemm.NativeAvailable)
            Assert.Ignore("OpenBLAS (libopenblas.so.0 with cblas_sgemm) is not loadable here; only the managed kernel was tested. Install libopenblas0-pthread.");
    }
}
