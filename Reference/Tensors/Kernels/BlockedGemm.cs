using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Tensors;

/// <summary>
/// A register-blocked sgemm, C = op(A)·op(B) (row-major), in the GotoBLAS loop order: B is packed in blocks of
/// <see cref="KC"/> × <see cref="NC"/> into panels of NR columns, and a micro-kernel keeps an MR × NR tile of C in
/// registers for a whole KC block, one fused multiply-add per element and step of k, broadcasting op(A)'s elements
/// from where they are stored (a row-major A row by row, a transposed A column by column; only a last panel of fewer
/// than MR rows is copied, zero-padded). Two micro-kernels: 12 × 32 with 512-bit vectors (24 accumulators of the 32
/// zmm registers) and 6 × 16 with 256-bit vectors and FMA (12 of the 16 ymm registers). Tiles at the matrix's edge run
/// the same kernel on zero-padded panels into a scratch tile and copy the valid part, so every element of C gets the
/// same operations whatever its position (a row's values do not depend on the batch around it).
/// </summary>
/// <remarks>
/// Rounding: each C element is Σ_p a_ip·b_pj summed in p order within a KC block (one rounding per step: the FMA), the
/// blocks' partial sums added to C one after another; any such order keeps |ĉ − c| ≤ γ_k·Σ_p |a_ip·b_pj| with
/// γ_k = k·u/(1 − k·u), u = 2⁻²⁴ (k roundings at most on the way from any product to the result).
/// Blocking for this engine's shapes (k ≤ 256 in the networks, m up to 10⁴): a KC × NR panel of B (32 KB) stays in
/// L1 while the rows of an <see cref="MC"/>-row block of A stream through. Packing B costs k·n copies against m·n·k
/// multiply-adds, 0.1 % at m = 1000, so B is packed again on every call (no cache that a write to the weights would
/// have to invalidate); A is not packed, since its copies (m·k, i.e. 1/n of the multiply-adds) would cost as much as
/// the products at n = 32.
/// </remarks>
internal static unsafe class BlockedGemm
{
    private const int KC = 256, MC = 120, NC = 4096;

    /// <summary>True when a micro-kernel runs on this machine (512-bit vectors, or 256-bit vectors with FMA).</summary>
    public static bool IsSupported => Wide || Narrow;

    /// <summary>The 12 × 32 kernel on 512-bit vectors.</summary>
    public static bool Wide => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>The 6 × 16 kernel on 256-bit vectors with FMA.</summary>
    internal static bool Narrow => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    [ThreadStatic] private static float[]? _packA, _packB;

    /// <summary>
    /// True for products whose 12 × 32 tiles are mostly full (m ≥ <see cref="MinRows"/>, n ≥ <see cref="MinColumns"/>),
    /// where the 512-bit kernel beats OpenBLAS's 256-bit one; the skinny rest (a Linear layer with 2 outputs, a
    /// weight gradient of a 2-wide layer) would waste most of each tile.
    /// </summary>
    public static bool Fills(int m, int n) => m >= MinRows && n >= MinColumns;

    private const int MinRows = 24, MinColumns = 32;

    /// <summary>
    /// Without 512-bit vectors: true for the products where the 6 × 16 kernel beat OpenBLAS's Haswell kernel per
    /// CPU-second (<c>matmul --cpu</c>, 2026-11-25, Zen 5 with AVX-512 switched off: docs/measurements/2026-11-25-engine-no-avx512.md):
    /// op(A) stored row-major (no transA), m ≥ <see cref="NarrowMinRows"/> and <see cref="MinColumns"/> ≤ n ≤
    /// <see cref="NarrowMaxColumns"/> — 1.03–1.21 times OpenBLAS on the large batches (W2, W3), including k = 2 and 3.
    /// Everywhere else OpenBLAS won: the weight gradients (transA, 0.89–0.93), batches of 128 (0.85–0.94), n ≤ 2
    /// (0.44–0.69) and n = 512 with k = 2 (0.62).
    /// </summary>
    public static bool NarrowWins(bool transA, int m, int n) => !transA && m >= NarrowMinRows && n >= MinColumns && n <= NarrowMaxColumns;

    private const int NarrowMinRows = 1000, NarrowMaxColumns = 128;

    /// <summary>C[m,n] = op(A)·op(B), A m×k (k×m when transA), B k×n (n×k when transB), leading dims lda/ldb, C with ldc = n.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c) =>
        Run(transA, transB, m, n, k, a, lda, b, ldb, c, Wide);

    /// <summary>As above with the kernel chosen: <paramref name="wide"/> the 12 × 32 one, else the 6 × 16 one (tests run both).</summary>
    internal static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, bool wide) =>
        Run(transA, transB, m, n, k, a, lda, b, ldb, c, wide, default);

    /// <summary>
    /// As above, then the <paramref name="epilogue"/> (bias row and activation) on each block of <see cref="MC"/> rows
    /// of C as soon as its final sums are written (after the last k-block), while the block is still in L2: the values
    /// of the product followed by <see cref="GemmEpilogue.ApplyRows"/>, bit for bit.
    /// </summary>
    internal static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, bool wide,
        GemmEpilogue epilogue)
    {
        if (!epilogue.IsEmpty && epilogue.Bias.Length != n) throw new ArgumentException($"gemm: a bias of {epilogue.Bias.Length} elements for {n} columns");
        if (wide ? !Wide : !Narrow) throw new PlatformNotSupportedException($"the {(wide ? "12 × 32 kernel needs 512-bit vectors" : "6 × 16 kernel needs 256-bit vectors with FMA")}");
        Gemm.CheckOperands(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length);
        if (m == 0 || n == 0) return;
        if (k == 0) { c.Slice(0, m * n).Clear(); epilogue.ApplyRows(c.Slice(0, m * n)); return; }
        bool fused = !epilogue.IsEmpty;
        var act = epilogue.Activation;
        float alpha = epilogue.Alpha;
        int mr = wide ? 12 : 6, nr = wide ? 32 : 16;
        int kcMax = Math.Min(k, KC), ncMax = RoundUp(Math.Min(n, NC), nr);
        float* pa = Scratch(ref _packA, mr * kcMax), pb = Scratch(ref _packB, kcMax * ncMax);
        float* tile = stackalloc float[12 * 32];
        // op(A)[i, p] sits at A[i·rs + p·ps]: full panels of mr rows are read in place; only a last, shorter panel is
        // copied (zero-padded to mr rows) into pa.
        nint rs = transA ? 1 : lda, ps = transA ? lda : 1;
        fixed (float* A = a) fixed (float* B = b) fixed (float* C = c) fixed (float* bias = epilogue.Bias)
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    bool accumulate = pc > 0, last = pc + kc >= k;
                    PackB(transB, B, ldb, pc, kc, jc, nc, nr, pb);
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        bool edgePacked = false;
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            float* bp = pb + jr * kc;
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                int rows = Math.Min(mr, mc - ir);
                                float* ap = A + (ic + ir) * rs + pc * ps;
                                nint ars = rs, aps = ps;
                                if (rows < mr)
                                {
                                    if (!edgePacked) { PackEdge(ap, rs, ps, rows, kc, mr, pa); edgePacked = true; }
                                    ap = pa; ars = 1; aps = mr;
                                }
                                float* cij = C + (long)(ic + ir) * n + jc + jr;
                                if (rows == mr && cols == nr)
                                {
                                    if (wide) Kernel12x32(kc, ap, ars, aps, bp, cij, n, accumulate);
                                    else Kernel6x16(kc, ap, ars, aps, bp, cij, n, accumulate);
                                    continue;
                                }
                                if (wide) Kernel12x32(kc, ap, ars, aps, bp, tile, nr, accumulate: false);
                                else Kernel6x16(kc, ap, ars, aps, bp, tile, nr, accumulate: false);
                                for (int i = 0; i < rows; i++)
                                    for (int j = 0; j < cols; j++)
                                        cij[(long)i * n + j] = accumulate ? cij[(long)i * n + j] + tile[i * nr + j] : tile[i * nr + j];
                            }
                        }
                        // The block's rows are final after the last k-block: the epilogue on them while they are in L2 (120 rows).
                        if (fused && last) GemmEpilogue.ApplyTile(C + (long)ic * n + jc, mc, nc, n, bias + jc, act, alpha);
                    }
                }
            }
        }
    }

    private static int RoundUp(int x, int to) => (x + to - 1) / to * to;

    /// <summary>A thread's pinned scratch of at least <paramref name="floats"/> elements, 64-byte aligned.</summary>
    private static float* Scratch(ref float[]? buffer, int floats)
    {
        if (buffer is null || buffer.Length < floats + 16) buffer = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
        var p = (float*)Unsafe.AsPointer(ref buffer[0]);
        return (float*)(((nint)p + 63) & ~(nint)63);
    }

    /// <summary>
    /// The last <paramref name="rows"/> (&lt; mr) rows of op(A), element (i, p) at src[i·rs + p·ps], into one panel of
    /// mr rows: for each p the mr values one after another, rows past the matrix zero.
    /// </summary>
    private static void PackEdge(float* src, nint rs, nint ps, int rows, int kc, int mr, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* d = dst + p * mr;
            int i = 0;
            for (; i < rows; i++) d[i] = src[i * rs + p * ps];
            for (; i < mr; i++) d[i] = 0f;
        }
    }

    /// <summary>
    /// Columns jc … jc+nc of op(B), rows pc … pc+kc, into panels of <paramref name="nr"/> columns: panel j holds, for
    /// each p, the nr values b[pc + p, jc + j·nr + jj] one after another (columns past n are zeros).
    /// </summary>
    private static void PackB(bool transB, float* B, int ldb, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dst + jr * kc;
            if (transB)
            {
                // op(B)[p, j] = B[j, p]: each of the panel's columns is a contiguous row of B.
                for (int j = 0; j < nr; j++)
                {
                    float* d = panel + j;
                    if (j >= cols) { for (int p = 0; p < kc; p++) d[p * nr] = 0f; continue; }
                    float* src = B + (long)(jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) d[p * nr] = src[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = B + (long)(pc + p) * ldb + jc + jr;
                    float* d = panel + p * nr;
                    int j = 0;
                    if (cols == nr)
                    {
                        // nr is 32 or 16: whole 256-bit vectors, not a Memmove call per row of the panel (a copy: the same bits).
                        for (int q = 0; q < nr; q += Vector256<float>.Count) Vector256.Store(Vector256.Load(src + q), d + q);
                        continue;
                    }
                    for (; j < cols; j++) d[j] = src[j];
                    for (; j < nr; j++) d[j] = 0f;
                }
            }
        }
    }

    /// <summary>C[0..12, 0..32] (+)= Σ_p a[i·rs + p·ps]·b[p·32 + j] over kc steps, C with row stride ldc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel12x32(int kc, float* a, nint rs, nint ps, float* b, float* c, int ldc, bool accumulate)
    {
        // Rows 0–5 from a, rows 6–11 from a6, at the same offsets (few registers for addresses).
        float* a6 = a + 6 * rs;
        nint r1 = rs, r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default,
            c90 = default, c91 = default, ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadAlignedVector512(b);
            var b1 = Avx512F.LoadAlignedVector512(b + 16);
            Vector512<float> x;
            x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[r1]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[r2]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[r3]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[r4]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[r5]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[0]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a6[r1]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            x = Vector512.Create(a6[r2]); c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
            x = Vector512.Create(a6[r3]); c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
            x = Vector512.Create(a6[r4]); ca0 = Avx512F.FusedMultiplyAdd(x, b0, ca0); ca1 = Avx512F.FusedMultiplyAdd(x, b1, ca1);
            x = Vector512.Create(a6[r5]); cb0 = Avx512F.FusedMultiplyAdd(x, b0, cb0); cb1 = Avx512F.FusedMultiplyAdd(x, b1, cb1);
            a += ps; a6 += ps; b += 32;
        }
        Store(c, c00, c01, accumulate); c += ldc;
        Store(c, c10, c11, accumulate); c += ldc;
        Store(c, c20, c21, accumulate); c += ldc;
        Store(c, c30, c31, accumulate); c += ldc;
        Store(c, c40, c41, accumulate); c += ldc;
        Store(c, c50, c51, accumulate); c += ldc;
        Store(c, c60, c61, accumulate); c += ldc;
        Store(c, c70, c71, accumulate); c += ldc;
        Store(c, c80, c81, accumulate); c += ldc;
        Store(c, c90, c91, accumulate); c += ldc;
        Store(c, ca0, ca1, accumulate); c += ldc;
        Store(c, cb0, cb1, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1, bool accumulate)
    {
        if (accumulate) { v0 += Vector512.Load(c); v1 += Vector512.Load(c + 16); }
        v0.Store(c);
        v1.Store(c + 16);
    }

    /// <summary>C[0..6, 0..16] (+)= Σ_p a[i·rs + p·ps]·b[p·16 + j] over kc steps, C with row stride ldc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, nint rs, nint ps, float* b, float* c, int ldc, bool accumulate)
    {
        nint r1 = rs, r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            Vector256<float> x;
            x = Vector256.Create(a[0]); c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[r1]); c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[r2]); c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[r3]); c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[r4]); c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[r5]); c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a += ps; b += 16;
        }
        Store(c, c00, c01, accumulate); c += ldc;
        Store(c, c10, c11, accumulate); c += ldc;
        Store(c, c20, c21, accumulate); c += ldc;
        Store(c, c30, c31, accumulate); c += ldc;
        Store(c, c40, c41, accumulate); c += ldc;
        Store(c, c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate) { v0 += Vector256.Load(c); v1 += Vector256.Load(c + 8); }
        v0.Store(c);
        v1.Store(c + 8);
    }
}
