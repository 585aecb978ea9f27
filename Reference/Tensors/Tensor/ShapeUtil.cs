namespace Grader.Tensors;

/// <summary>Shape arithmetic: element counts, broadcasting, dimension normalisation, and the error messages for misuse.</summary>
internal static class ShapeUtil
{
    public static int Numel(int[] shape) { int n = 1; foreach (var s in shape) n *= s; return n; }

    public static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";

    public static int NormDim(int dim, int rank, string op)
    {
        int r = Math.Max(rank, 1);   // a 0-d tensor accepts dim 0 and -1, as in PyTorch
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r)
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dim {dim} is out of range for a tensor of rank {rank}");
        return d;
    }

    /// <summary>NumPy/PyTorch broadcasting: align trailing dims; each pair must be equal or one of them 1.</summary>
    public static int[] Broadcast(int[] a, int[] b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together (dim {i}: {da} vs {db})");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    public static bool SameShape(int[] a, int[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    /// <summary>Strides that view a tensor of <paramref name="shape"/>/<paramref name="strides"/> as <paramref name="target"/> (stride 0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(int[] shape, int[] strides, int[] target, string op)
    {
        var r = new int[target.Length];
        int lead = target.Length - shape.Length;
        if (lead < 0) throw new ArgumentException($"{op}: cannot expand shape {Format(shape)} to {Format(target)}");
        for (int i = 0; i < target.Length; i++)
        {
            if (i < lead) { r[i] = 0; continue; }
            int s = shape[i - lead];
            if (s == target[i]) r[i] = strides[i - lead];
            else if (s == 1) r[i] = 0;
            else throw new ArgumentException($"{op}: cannot expand shape {Format(shape)} to {Format(target)}");
        }
        return r;
    }
}
