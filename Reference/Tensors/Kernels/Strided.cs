namespace Grader.Tensors;

/// <summary>
/// Iteration over strided operands: dims whose strides allow it are merged ("coalesced") so that the inner loop
/// runs over the longest possible block, which the SIMD kernels then process as spans.
/// </summary>
internal static class Strided
{
    /// <summary>Merges adjacent dims that are contiguous in every operand. Returns the reduced shape and per-operand strides.</summary>
    public static (int[] shape, int[][] strides) Coalesce(int[] shape, params int[][] strides)
    {
        var shp = new List<int>();
        var str = strides.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (shp.Count > 0)
            {
                int last = shp.Count - 1;
                bool merge = true;
                for (int k = 0; k < strides.Length; k++)
                    if (str[k][last] != (long)strides[k][i] * shape[i]) { merge = false; break; }
                if (merge)
                {
                    shp[last] *= shape[i];
                    for (int k = 0; k < strides.Length; k++) str[k][last] = strides[k][i];
                    continue;
                }
            }
            shp.Add(shape[i]);
            for (int k = 0; k < strides.Length; k++) str[k].Add(strides[k][i]);
        }
        if (shp.Count == 0) { shp.Add(1); foreach (var s in str) s.Add(1); }
        return (shp.ToArray(), str.Select(s => s.ToArray()).ToArray());
    }

    /// <summary>Calls <paramref name="body"/> once per inner row with each operand's base offset (odometer over the outer dims).</summary>
    public static void ForEachRow(int[] shape, int[][] strides, int[] offsets, Action<int[]> body)
    {
        int rank = shape.Length;
        int nOps = strides.Length;
        var idx = new int[Math.Max(rank - 1, 0)];
        var off = (int[])offsets.Clone();
        while (true)
        {
            body(off);
            int k = rank - 2;
            while (k >= 0)
            {
                idx[k]++;
                for (int o = 0; o < nOps; o++) off[o] += strides[o][k];
                if (idx[k] < shape[k]) break;
                for (int o = 0; o < nOps; o++) off[o] -= strides[o][k] * shape[k];
                idx[k] = 0;
                k--;
            }
            if (k < 0) break;
        }
    }

    /// <summary>Copies a strided view into a new contiguous array.</summary>
    public static float[] Materialize(float[] src, int offset, int[] shape, int[] strides)
    {
        int n = ShapeUtil.Numel(shape);
        var dst = new float[n];
        if (n == 0) return dst;
        var (cs, cstr) = Coalesce(shape, strides, Tensor.ContiguousStrides(shape));
        int inner = cs[^1], sIn = cstr[0][^1];
        ForEachRow(cs, cstr, [offset, 0], off =>
        {
            if (sIn == 1) Array.Copy(src, off[0], dst, off[1], inner);
            else if (sIn == 0) dst.AsSpan(off[1], inner).Fill(src[off[0]]);
            else for (int j = 0; j < inner; j++) dst[off[1] + j] = src[off[0] + j * sIn];
        });
        return dst;
    }
}
