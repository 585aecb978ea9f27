using System.Numerics.Tensors;

namespace Grader.Tensors;

/// <summary>
/// The managed kernel of <see cref="Gemm"/>: the register-blocked <see cref="BlockedGemm"/> where this machine has its
/// vectors (512-bit, or 256-bit with FMA), else <see cref="RunRows"/>.
/// </summary>
internal static class ManagedGemm
{
    private const int KBlock = 128;

    public static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c)
    {
        if (BlockedGemm.IsSupported) BlockedGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, c);
        else RunRows(transA, transB, m, n, k, a, lda, b, ldb, c);
    }

    /// <summary>
    /// The fallback without FMA vectors: operands are first brought into row-major A (m×k) and B (k×n), then C is built
    /// row by row as Σ_p A[i,p]·B[p,:] with SIMD multiply-adds over blocks of k (cache blocking on the shared
    /// dimension), accumulating in float like BLAS does.
    /// </summary>
    internal static void RunRows(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c)
    {
        float[] A = Pack(a, lda, transA, m, k);
        float[] B = Pack(b, ldb, transB, k, n);
        var C = c.Slice(0, m * n);
        C.Clear();
        for (int p0 = 0; p0 < k; p0 += KBlock)
        {
            int p1 = Math.Min(k, p0 + KBlock);
            for (int i = 0; i < m; i++)
            {
                var ci = C.Slice(i * n, n);
                for (int p = p0; p < p1; p++)
                {
                    float aip = A[i * k + p];
                    TensorPrimitives.MultiplyAdd(B.AsSpan(p * n, n), aip, ci, ci);
                }
            }
        }
    }

    /// <summary>Row-major rows×cols copy of a matrix stored with leading dim ld, transposed when trans.</summary>
    private static float[] Pack(ReadOnlySpan<float> src, int ld, bool trans, int rows, int cols)
    {
        var dst = new float[rows * cols];
        if (!trans)
            for (int i = 0; i < rows; i++) src.Slice(i * ld, cols).CopyTo(dst.AsSpan(i * cols, cols));
        else
            for (int j = 0; j < cols; j++)
            {
                var row = src.Slice(j * ld, rows);
                for (int i = 0; i < rows; i++) dst[i * cols + j] = row[i];
            }
        return dst;
    }
}
