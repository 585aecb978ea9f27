using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Tensors;

/// <summary>
/// Managed 256-bit FMA kernels for the skinny products of a network's narrow layers, which OpenBLAS's tiles serve at a
/// fifth of their rate (<c>matmul --cpu</c>: 4–20 GFLOP per CPU-second where its square products reach 100):
/// <list type="bullet">
/// <item><see cref="RowDots"/>: C = A·Bᵀ with A [m, k] and B [n, k] both row-major and n ≤ <see cref="MaxSkinny"/> (a
/// Linear layer with 1–4 outputs): each C element is one dot product of two contiguous rows;</item>
/// <item><see cref="ColumnSums"/>: C = Aᵀ·B with A [k, m], B [k, n] row-major and m ≤ <see cref="MaxSkinny"/> or
/// n ≤ <see cref="MaxSkinny"/> (the weight gradient of such a layer, or of a layer with 1–4 inputs): each of the few
/// rows (of C, or of Cᵀ) is Σ_p x[p]·Y[p, :], one multiply-add per element and step of k, in p order.</item>
/// </list>
/// Every element's value depends only on its own row and column of the operands, not on m or the batch around it.
/// Rounding: a dot product keeps 32 interleaved partial sums (four vectors of eight lanes), then adds them and the tail;
/// a column sum adds in p order. Either keeps |ĉ − c| ≤ γ_k·Σ_p |a_ip·b_pj| as <see cref="BlockedGemm"/> does.
/// </summary>
internal static unsafe class SkinnyGemm
{
    /// <summary>The widest skinny side these kernels take.</summary>
    public const int MaxSkinny = 4;

    /// <summary>True when the kernels run here (256-bit vectors with FMA).</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>
    /// True for the shapes a kernel here takes: A·Bᵀ with n ≤ 4 and k ≥ 32, or Aᵀ·B with m ≤ 4 or n ≤ 4. Without
    /// 512-bit vectors they measured 1.5–2.2 times OpenBLAS's Haswell kernel per CPU-second on every such product of
    /// the workloads; A·Bᵀ with k = 16 (W1's output layer) 0.76 times, hence k ≥ 32 (<c>matmul --cpu</c>, 2026-11-25).
    /// </summary>
    public static bool Takes(bool transA, bool transB, int m, int n, int k) =>
        (!transA && transB && n <= MaxSkinny && k >= 32) || (transA && !transB && (m <= MaxSkinny || n <= MaxSkinny));

    /// <summary>C[m, n] = op(A)·op(B) for a shape <see cref="Takes"/> accepts (leading dims lda, ldb; C with ldc = n).</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("the skinny kernels need 256-bit vectors with FMA");
        if (!Takes(transA, transB, m, n, k)) throw new ArgumentException($"SkinnyGemm does not take {m}×{k} by {k}×{n} (transA {transA}, transB {transB})");
        Gemm.CheckOperands(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length);
        fixed (float* A = a) fixed (float* B = b) fixed (float* C = c)
        {
            if (!transA) RowDots(m, n, k, A, lda, B, ldb, C);
            else if (m <= MaxSkinny) ColumnSums(m, n, k, A, lda, B, ldb, C, n, 1);
            else ColumnSums(n, m, k, B, ldb, A, lda, C, 1, n);   // Cᵀ = Bᵀ·A: its n rows written into C's columns
        }
    }

    /// <summary>C[i, j] = Σ_p A[i·lda + p]·B[j·ldb + p], n ≤ 4.</summary>
    private static void RowDots(int m, int n, int k, float* A, int lda, float* B, int ldb, float* C)
    {
        for (int i = 0; i < m; i++)
        {
            float* ai = A + (long)i * lda;
            for (int j = 0; j < n; j++) C[(long)i * n + j] = Dot(ai, B + (long)j * ldb, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(float* x, float* y, int k)
    {
        // Four accumulators: one FMA chain would wait on its own latency every step.
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        int p = 0;
        for (; p <= k - 32; p += 32)
        {
            acc0 = Fma.MultiplyAdd(Avx.LoadVector256(x + p), Avx.LoadVector256(y + p), acc0);
            acc1 = Fma.MultiplyAdd(Avx.LoadVector256(x + p + 8), Avx.LoadVector256(y + p + 8), acc1);
            acc2 = Fma.MultiplyAdd(Avx.LoadVector256(x + p + 16), Avx.LoadVector256(y + p + 16), acc2);
            acc3 = Fma.MultiplyAdd(Avx.LoadVector256(x + p + 24), Avx.LoadVector256(y + p + 24), acc3);
        }
        for (; p <= k - 8; p += 8) acc0 = Fma.MultiplyAdd(Avx.LoadVector256(x + p), Avx.LoadVector256(y + p), acc0);
        float sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        for (; p < k; p++) sum = MathF.FusedMultiplyAdd(x[p], y[p], sum);
        return sum;
    }

    /// <summary>
    /// out[r·rowStride + j·colStride] = Σ_p X[p·ldx + r]·Y[p·ldy + j] for r &lt; rows (≤ 4), j &lt; cols: blocks of 16
    /// columns of Y, the rows' accumulators in registers for the whole of k.
    /// </summary>
    private static void ColumnSums(int rows, int cols, int k, float* X, int ldx, float* Y, int ldy, float* output, int rowStride, int colStride)
    {
        float* tile = stackalloc float[MaxSkinny * 16];
        for (int j0 = 0; j0 < cols; j0 += 16)
        {
            int width = Math.Min(16, cols - j0);
            if (width == 16) Block16(rows, k, X, ldx, Y + j0, ldy, tile);
            else BlockEdge(rows, width, k, X, ldx, Y + j0, ldy, tile);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < width; j++) output[(long)r * rowStride + (long)(j0 + j) * colStride] = tile[r * 16 + j];
        }
    }

    /// <summary>tile[r·16 + j] = Σ_p X[p·ldx + r]·Y[p·ldy + j], j &lt; 16, r &lt; rows (≤ 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block16(int rows, int k, float* X, int ldx, float* Y, int ldy, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < k; p++)
        {
            float* y = Y + (long)p * ldy;
            float* x = X + (long)p * ldx;
            var y0 = Avx.LoadVector256(y);
            var y1 = Avx.LoadVector256(y + 8);
            var s = Vector256.Create(x[0]);
            c00 = Fma.MultiplyAdd(s, y0, c00); c01 = Fma.MultiplyAdd(s, y1, c01);
            if (rows > 1) { s = Vector256.Create(x[1]); c10 = Fma.MultiplyAdd(s, y0, c10); c11 = Fma.MultiplyAdd(s, y1, c11); }
            if (rows > 2) { s = Vector256.Create(x[2]); c20 = Fma.MultiplyAdd(s, y0, c20); c21 = Fma.MultiplyAdd(s, y1, c21); }
            if (rows > 3) { s = Vector256.Create(x[3]); c30 = Fma.MultiplyAdd(s, y0, c30); c31 = Fma.MultiplyAdd(s, y1, c31); }
        }
        c00.Store(tile); c01.Store(tile + 8);
        c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40);
        c30.Store(tile + 48); c31.Store(tile + 56);
    }

    /// <summary>As <see cref="Block16"/> for the last width &lt; 16 columns, scalar multiply-adds in the same p order.</summary>
    private static void BlockEdge(int rows, int width, int k, float* X, int ldx, float* Y, int ldy, float* tile)
    {
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(X[(long)p * ldx + r], Y[(long)p * ldy + j], sum);
                tile[r * 16 + j] = sum;
            }
    }
}
