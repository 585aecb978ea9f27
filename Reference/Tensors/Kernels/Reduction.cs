using System.Numerics.Tensors;

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
            x.Slice(o * r * inner, inner).CopyTo(d);
            if (inner < 8)   // narrow rows (a bias of 2): the same additions, without a call per row
                for (int k = 1; k < r; k++)
                {
                    var row = x.Slice((o * r + k) * inner, inner);
                    for (int j = 0; j < inner; j++) d[j] += row[j];
                }
            else
                for (int k = 1; k < r; k++) TensorPrimitives.Add(d, x.Slice((o * r + k) * inner, inner), d);
        }
        return storage;
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
