using System.Numerics;

namespace Grader.Tensors;

/// <summary>Shape arithmetic: element counts, broadcasting, dimension normalisation, and the error messages for misuse.</summary>
internal static class ShapeUtil
{
    /// <summary>The most elements one tensor holds: a single float[] backs it (<see cref="Array.MaxLength"/>).</summary>
    public const int MaxElements = 0x7FFFFFC7;

    /// <summary>
    /// The element count of <paramref name="shape"/>, computed in long. Throws an <see cref="ArgumentException"/> naming
    /// <paramref name="op"/> and the shape when a dim is negative or the dims other than 0 multiply to more than
    /// <see cref="MaxElements"/>; so for a valid shape every partial product, contiguous stride and flat index fits an int.
    /// </summary>
    public static int Numel(int[] shape, string op)
    {
        long nonzero = 1;
        bool empty = false;
        foreach (var s in shape)
        {
            if (s < 0) throw new ArgumentException($"{op}: shape {Format(shape)} has a negative dimension");
            if (s == 0) { empty = true; continue; }
            nonzero *= s;   // ≤ MaxElements · int.MaxValue < 2⁶², so the product itself cannot overflow
            if (nonzero > MaxElements) throw TooLarge(shape, op);
        }
        return empty ? 0 : (int)nonzero;
    }

    /// <summary>The element count of a shape known to be valid (that of an existing tensor); checked all the same.</summary>
    public static int Numel(int[] shape) => Numel(shape, "numel");

    /// <summary>
    /// A size computed in long (a window count, a concatenated length, a product of dims) as an int, or an
    /// <see cref="ArgumentException"/> naming <paramref name="op"/> when it is negative or above <see cref="MaxElements"/>.
    /// </summary>
    public static int Dim(long size, string op, string what)
    {
        if (size < 0) throw new ArgumentException($"{op}: {what} is negative ({size})");
        if (size > MaxElements) throw new ArgumentException($"{op}: {what} is {size}, more than a tensor can hold ({MaxElements})");
        return (int)size;
    }

    private static ArgumentException TooLarge(int[] shape, string op)
    {
        BigInteger n = 1;
        foreach (var s in shape) if (s != 0) n *= s;
        return new ArgumentException(shape.Contains(0)
            ? $"{op}: shape {Format(shape)} is too large: its non-zero dims multiply to {n}, more than a tensor can hold ({MaxElements})"
            : $"{op}: shape {Format(shape)} is too large: {n} elements, more than a tensor can hold ({MaxElements})");
    }

    /// <summary>The multi-index of row-major position <paramref name="flat"/> in <paramref name="shape"/>.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= shape[d]; }
        return index;
    }

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
        Numel(r, op);
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
        Numel(target, op);
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
