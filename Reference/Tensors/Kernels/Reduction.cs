using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Grader.Tensors;

/// <summary>Reduction kernels over one dim of a contiguous block viewed as [outer, R, inner].</summary>
internal static class Reduction
{
    public static (int outer, int r, int inner) Split(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }

    /// <summary>Sums over the middle axis of x viewed as [outer, r, inner], into a new buffer of [outer, inner].</summary>
    public static TensorStorage Sum(ReadOnlySpan<float> x, int outer, int r, int inner)
    {
        var storage = TensorStorage.Allocate(outer * inner, zeroed: r == 0);   // every element is written unless r = 0
        var dst = storage.Span;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) dst[o] = TensorPrimitives.Sum(x.Slice(o * r, r));
            return storage;
        }
        for (int o = 0; o < outer; o++)
        {
            var d = dst.Slice(o * inner, inner);
            if (r == 0) continue;
            ColumnSums(x.Slice(o * r * inner, r * inner), r, inner, d);
        }
        return storage;
    }

    /// <summary>
    /// Per column j of <paramref name="x"/> viewed as [r, inner] (r ≥ 1): ((x[0, j] + x[1, j]) + x[2, j]) + … + x[r − 1, j]
    /// into d[j], one running float sum per column added in row order: the very additions of the row-by-row
    /// <c>TensorPrimitives.Add(d, row, d)</c> it replaces (an element-wise add rounds each lane alone), so the same bits,
    /// but the running sums stay in registers over the rows, four 256-bit vectors of columns at a time (also where 512-bit
    /// vectors exist: the same loads, and one loop for both kinds of machine), instead of a call, a load and a store of d
    /// per row (a linear layer's bias gradient: 255 calls on 64 columns per V training step).
    /// </summary>
    internal static void ColumnSums(ReadOnlySpan<float> x, int r, int inner, Span<float> d)
    {
        if (x.Length < r * inner || d.Length < inner) throw new ArgumentException("column sums: spans too short");
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(d);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 4 * Vector256<float>.Count <= inner; j += 4 * Vector256<float>.Count)
            {
                nuint at = (nuint)j;
                var s0 = Vector256.LoadUnsafe(ref src, at);
                var s1 = Vector256.LoadUnsafe(ref src, at + 8);
                var s2 = Vector256.LoadUnsafe(ref src, at + 16);
                var s3 = Vector256.LoadUnsafe(ref src, at + 24);
                for (int k = 1; k < r; k++)
                {
                    nuint row = (nuint)k * (nuint)inner + at;
                    s0 += Vector256.LoadUnsafe(ref src, row);
                    s1 += Vector256.LoadUnsafe(ref src, row + 8);
                    s2 += Vector256.LoadUnsafe(ref src, row + 16);
                    s3 += Vector256.LoadUnsafe(ref src, row + 24);
                }
                s0.StoreUnsafe(ref dst, at);
                s1.StoreUnsafe(ref dst, at + 8);
                s2.StoreUnsafe(ref dst, at + 16);
                s3.StoreUnsafe(ref dst, at + 24);
            }
            for (; j + Vector256<float>.Count <= inner; j += Vector256<float>.Count)
            {
                var s0 = Vector256.LoadUnsafe(ref src, (nuint)j);
                for (int k = 1; k < r; k++) s0 += Vector256.LoadUnsafe(ref src, (nuint)k * (nuint)inner + (nuint)j);
                s0.StoreUnsafe(ref dst, (nuint)j);
            }
        }
        for (; j < inner; j++)
        {
            float sum = x[j];
            for (int k = 1; k < r; k++) sum += x[k * inner + j];
            d[j] = sum;
        }
    }

    /// <summary>Max over the middle axis; NaN wins (as in PyTorch); ties go to the first index.</summary>
    public static (float[] values, int[] indices) Max(ReadOnlySpan<float> x, int outer, int r, int inner)
    {
        if (r == 0) throw new ArgumentException("max over an empty dim");
        var v = new float[outer * inner];
        var ix = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseIx = o * r * inner + i;
                float best = x[baseIx];
                int bi = 0;
                if (!float.IsNaN(best))
                    for (int k = 1; k < r; k++)
                    {
                        float c = x[baseIx + k * inner];
                        if (float.IsNaN(c)) { best = c; bi = k; break; }
                        if (c > best) { best = c; bi = k; }
                    }
                v[o * inner + i] = best;
                ix[o * inner + i] = bi;
            }
        return (v, ix);
    }
}
