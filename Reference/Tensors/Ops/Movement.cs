namespace Grader.Tensors;

/// <summary>
/// Movement primitives. reshape (of a contiguous tensor), permute, expand and slicing are views that share storage;
/// each comes with the inverse movement as its backward (reshape back, permute by the inverse, sum over expanded
/// dims, scatter into zeros).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The same elements with another shape; one dim may be -1. A view when the tensor is contiguous.</summary>
    public Tensor reshape(params int[] newShape)
    {
        var target = InferShape(newShape, numel(), "reshape");
        if (ShapeUtil.SameShape(target, Shape)) return this;
        var src = is_contiguous() ? this : new Tensor(ToArray(), Shape);
        var y = new Tensor(src.Storage, target, null, src.Offset);
        var inShape = Shape;
        Record(y, "reshape", [this], g => [g.reshape(inShape)]);
        return y;
    }

    public Tensor view(params int[] newShape) => reshape(newShape);

    public Tensor flatten(int start_dim = 0, int end_dim = -1)
    {
        if (Shape.Length == 0) return reshape(1);
        int s = ShapeUtil.NormDim(start_dim, Shape.Length, "flatten"), e = ShapeUtil.NormDim(end_dim, Shape.Length, "flatten");
        var ns = new List<int>();
        for (int i = 0; i < s; i++) ns.Add(Shape[i]);
        int m = 1; for (int i = s; i <= e; i++) m *= Shape[i];
        ns.Add(m);
        for (int i = e + 1; i < Shape.Length; i++) ns.Add(Shape[i]);
        return reshape(ns.ToArray());
    }

    private static int[] InferShape(int[] shape, int n, string op)
    {
        var r = (int[])shape.Clone();
        int infer = -1;
        long known = 1;   // the product of the given dims, saturated just above the limit
        for (int i = 0; i < r.Length; i++)
        {
            if (r[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dim may be -1");
                infer = i;
            }
            else if (r[i] < 0) throw new ArgumentException($"{op}: shape {ShapeUtil.Format(shape)} has a negative dimension");
            else known = Math.Min(known * r[i], ShapeUtil.MaxElements + 1L);
        }
        if (infer >= 0)
        {
            if (known == 0 || n % known != 0) throw new ArgumentException($"{op}: shape {ShapeUtil.Format(shape)} is invalid for {n} elements");
            r[infer] = (int)(n / known);
        }
        if (ShapeUtil.Numel(r, op) != n) throw new ArgumentException($"{op}: shape {ShapeUtil.Format(shape)} is invalid for a tensor of {n} elements");
        return r;
    }

    /// <summary>Reorders the dims (a view).</summary>
    public Tensor permute(params int[] dims)
    {
        if (dims.Length != Shape.Length) throw new ArgumentException($"permute: {dims.Length} dims given for a tensor of rank {Shape.Length}");
        var ns = new int[dims.Length];
        var st = new int[dims.Length];
        var inverse = new int[dims.Length];
        var seen = new bool[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            int d = ShapeUtil.NormDim(dims[i], Shape.Length, "permute");
            if (seen[d]) throw new ArgumentException($"permute: dim {d} repeated in [{string.Join(", ", dims)}]");
            seen[d] = true;
            ns[i] = Shape[d]; st[i] = Strides[d]; inverse[d] = i;
        }
        var y = new Tensor(Storage, ns, st, Offset);
        Record(y, "permute", [this], g => [g.permute(inverse)]);
        return y;
    }

    public Tensor transpose(int dim0, int dim1)
    {
        int a = ShapeUtil.NormDim(dim0, Shape.Length, "transpose"), b = ShapeUtil.NormDim(dim1, Shape.Length, "transpose");
        var p = Enumerable.Range(0, Shape.Length).ToArray();
        (p[a], p[b]) = (p[b], p[a]);
        return permute(p);
    }

    /// <summary>Transpose of a matrix (swaps the last two dims).</summary>
    public Tensor t() => Shape.Length < 2 ? this : transpose(-2, -1);

    public Tensor T => t();

    public Tensor unsqueeze(int dim)
    {
        int d = dim < 0 ? dim + Shape.Length + 1 : dim;
        if (d < 0 || d > Shape.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"unsqueeze: dim {dim} out of range for rank {Shape.Length}");
        var ns = Shape.ToList(); ns.Insert(d, 1);
        var st = Strides.ToList(); st.Insert(d, d < Strides.Length ? (int)Math.Min((long)Strides[d] * Shape[d], int.MaxValue) : 1);   // a size-1 dim's stride is never stepped
        var y = new Tensor(Storage, ns.ToArray(), st.ToArray(), Offset);
        var inShape = Shape;
        Record(y, "unsqueeze", [this], g => [g.reshape(inShape)]);
        return y;
    }

    public Tensor squeeze(int dim)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "squeeze");
        if (Shape.Length == 0 || Shape[d] != 1) return this;
        var ns = Shape.ToList(); ns.RemoveAt(d);
        var st = Strides.ToList(); st.RemoveAt(d);
        var y = new Tensor(Storage, ns.ToArray(), st.ToArray(), Offset);
        var inShape = Shape;
        Record(y, "squeeze", [this], g => [g.reshape(inShape)]);
        return y;
    }

    /// <summary>Broadcasts to a larger shape without copying (stride 0 on the new dims); -1 keeps a dim.</summary>
    public Tensor expand(params int[] target)
    {
        var t = (int[])target.Clone();
        int lead = t.Length - Shape.Length;
        for (int i = 0; i < t.Length; i++)
            if (t[i] == -1 && i >= lead) t[i] = Shape[i - lead];
            else if (t[i] < 0) throw new ArgumentException($"expand: cannot expand shape {ShapeUtil.Format(Shape)} to {ShapeUtil.Format(target)} (dim {i} is {t[i]})");
        if (ShapeUtil.SameShape(t, Shape)) return this;
        var st = ShapeUtil.BroadcastStrides(Shape, Strides, t, "expand");
        var y = new Tensor(Storage, t, st, Offset);
        var inShape = Shape;
        Record(y, "expand", [this], g => [g.sum_to(inShape)]);
        return y;
    }

    public Tensor expand_as(Tensor other) => expand(other.Shape);

    /// <summary>A contiguous tensor with the same values (this tensor itself when already contiguous).</summary>
    public Tensor contiguous()
    {
        if (is_contiguous()) return this;
        return Result("contiguous", Materialize(), shape, [this], static g => [g]);
    }

    public Tensor clone() => Result("clone", Materialize(), shape, [this], static g => [g]);

    /// <summary>A new buffer with this tensor's elements in row-major order.</summary>
    private TensorStorage Materialize()
    {
        var storage = TensorStorage.Allocate(numel());
        CopyInto(this, new Tensor(storage, Shape));
        return storage;
    }

    /// <summary>Elements start, start+step, … below end along a dim (a view). Negative start/end count from the end.</summary>
    public Tensor slice(int dim, int start, int end, int step = 1)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "slice");
        int n = Shape[d];
        if (step <= 0) throw new ArgumentException("slice: step must be positive");
        if (start < 0) start += n;
        if (end < 0) end += n;
        start = Math.Clamp(start, 0, n); end = Math.Clamp(end, start, n);
        int len = (int)(((long)end - start + step - 1) / step);
        var ns = shape; ns[d] = len;
        var st = stride(); st[d] = len > 1 ? (int)((long)Strides[d] * step) : Strides[d];   // ≤ the view's extent when len > 1
        var y = new Tensor(Storage, ns, st, Offset + start * Strides[d]);
        var inShape = Shape;
        Record(y, "slice", [this], g => [SliceBackward(g, inShape, d, start, step)]);
        return y;
    }

    /// <summary>
    /// <paramref name="length"/> elements from <paramref name="start"/> (negative counts from the end) along a dim, a
    /// view; as in PyTorch the range must lie inside the dim.
    /// </summary>
    public Tensor narrow(int dim, int start, int length)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "narrow");
        long s = start < 0 ? (long)start + Shape[d] : start;
        if (s < 0 || length < 0 || s + length > Shape[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"narrow: start {start} and length {length} do not lie inside dim {d} of size {Shape[d]}");
        return slice(d, (int)s, (int)(s + length));
    }

    /// <summary>The sub-tensor at one index of a dim (the dim is removed).</summary>
    public Tensor select(int dim, int index)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "select");
        int ix = index < 0 ? index + Shape[d] : index;
        if (ix < 0 || ix >= Shape[d]) throw new IndexOutOfRangeException($"select: index {index} out of range for dim {d} of size {Shape[d]}");
        return slice(d, ix, ix + 1).squeeze(d);
    }

    /// <summary>Zeros of <paramref name="shape"/> with <paramref name="g"/> written into the slice; its backward is the slice.</summary>
    private static Tensor SliceBackward(Tensor g, int[] shape, int dim, int start, int step)
    {
        var data = TensorStorage.Allocate(ShapeUtil.Numel(shape), zeroed: true);
        var full = ContiguousStrides(shape);
        int len = g.Shape[dim];
        var st = (int[])full.Clone(); if (len > 1) st[dim] *= step;   // fits: the slice's last element lies inside shape
        var target = new Tensor(data, g.shape, st, start * full[dim]);
        CopyInto(g, target);
        return Result("slice_backward", data, (int[])shape.Clone(), [g], gg => [gg.slice(dim, start, start + (len - 1) * step + 1, step)]);
    }

    /// <summary>Writes the values of <paramref name="src"/> into the (possibly strided) view <paramref name="dst"/>.</summary>
    internal static void CopyInto(Tensor src, Tensor dst)
    {
        if (ShapeUtil.SameShape(src.Shape, dst.Shape) && !ReferenceEquals(src.Storage, dst.Storage))
        {
            CopyStrided(src, dst);
            return;
        }
        var (cs, cstr) = Strided.Coalesce(dst.Shape, dst.Strides, ContiguousStrides(dst.Shape));
        int inner = cs[^1], sd = cstr[0][^1];
        // A contiguous source is read in place, unless it shares storage with the destination (then a copy first).
        bool inPlace = src.is_contiguous() && !ReferenceEquals(src.Storage, dst.Storage);
        var arr = inPlace ? src.Data : src.ToArray();
        var to = dst.Data;
        Strided.ForEachRow(cs, cstr, [dst.Offset, inPlace ? src.Offset : 0], off =>
        {
            if (sd == 1) Array.Copy(arr, off[1], to, off[0], inner);
            else for (int j = 0; j < inner; j++) to[off[0] + j * sd] = arr[off[1] + j];
        });
    }

    /// <summary>Element-wise copy between two layouts of one shape in separate storages: both walked together, row by row.</summary>
    private static void CopyStrided(Tensor src, Tensor dst)
    {
        if (src.numel() == 0) return;
        var (cs, cstr) = Strided.Coalesce(dst.Shape, dst.Strides, src.Strides);
        int rank = cs.Length, inner = cs[^1];
        int[] stD = cstr[0], stS = cstr[1];
        int sd = stD[^1], ss = stS[^1];
        float[] d = dst.Data, s = src.Data;
        Span<int> idx = stackalloc int[Math.Max(rank - 1, 1)];
        idx.Clear();
        int od = dst.Offset, os = src.Offset;
        while (true)
        {
            if (sd == 1 && ss == 1) s.AsSpan(os, inner).CopyTo(d.AsSpan(od, inner));
            else if (sd == 1 && ss == 0) d.AsSpan(od, inner).Fill(s[os]);
            else for (int j = 0; j < inner; j++) d[od + j * sd] = s[os + j * ss];
            int k = rank - 2;
            while (k >= 0)
            {
                idx[k]++;
                od += stD[k]; os += stS[k];
                if (idx[k] < cs[k]) break;
                od -= stD[k] * cs[k]; os -= stS[k] * cs[k];
                idx[k] = 0;
                k--;
            }
            if (k < 0) break;
        }
    }

    /// <summary>Splits into pieces of the given sizes along a dim (views).</summary>
    public Tensor[] split(int[] sizes, int dim = 0)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "split");
        if (sizes.Any(s => s < 0) || sizes.Sum(s => (long)s) != Shape[d]) throw new ArgumentException($"split: sizes [{string.Join(", ", sizes)}] do not add up to {Shape[d]} (dim {d} of shape {ShapeUtil.Format(Shape)})");
        var r = new Tensor[sizes.Length];
        int at = 0;
        for (int i = 0; i < sizes.Length; i++) { r[i] = narrow(d, at, sizes[i]); at += sizes[i]; }
        return r;
    }

    /// <summary>Splits into pieces of <paramref name="size"/> (the last may be smaller).</summary>
    public Tensor[] split(int size, int dim = 0)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "split");
        if (size <= 0) throw new ArgumentException($"split: the piece size must be positive, got {size}");
        var sizes = new List<int>();
        for (int at = 0; at < Shape[d]; at += size) sizes.Add(Math.Min(size, Shape[d] - at));
        return split(sizes.ToArray(), d);
    }

    public Tensor[] chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0) throw new ArgumentException($"chunk: the number of chunks must be positive, got {chunks}");
        return split(Math.Max((int)(((long)size(dim) + chunks - 1) / chunks), 1), dim);
    }

    /// <summary>Concatenation along an existing dim.</summary>
    internal static Tensor Cat(Tensor[] tensors, int dim)
    {
        if (tensors.Length == 0) throw new ArgumentException("cat: no tensors");
        var first = tensors[0];
        if (first.Shape.Length == 0) throw new ArgumentException("cat: zero-dimensional tensors cannot be concatenated (use stack)");
        int d = ShapeUtil.NormDim(dim, first.Shape.Length, "cat");
        long total = 0;
        foreach (var t in tensors)
        {
            if (t.Shape.Length != first.Shape.Length)
                throw new ArgumentException($"cat: tensors of rank {first.Shape.Length} and {t.Shape.Length} ({ShapeUtil.Format(first.Shape)} and {ShapeUtil.Format(t.Shape)})");
            for (int i = 0; i < t.Shape.Length; i++)
                if (i != d && t.Shape[i] != first.Shape[i])
                    throw new ArgumentException($"cat: shapes {ShapeUtil.Format(first.Shape)} and {ShapeUtil.Format(t.Shape)} differ outside dim {d}");
            total += t.Shape[d];
        }
        var outShape = first.shape; outShape[d] = ShapeUtil.Dim(total, "cat", $"the length of dim {d} of the result");
        var data = TensorStorage.Allocate(ShapeUtil.Numel(outShape, "cat"));   // the pieces cover it
        var full = ContiguousStrides(outShape);
        int at = 0;
        var offsets = new int[tensors.Length];
        var lengths = new int[tensors.Length];
        var needs = new bool[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
        {
            offsets[i] = at;
            lengths[i] = tensors[i].Shape[d];
            needs[i] = tensors[i].requires_grad;
            var view = new Tensor(data, tensors[i].shape, full, at * full[d]);
            CopyInto(tensors[i], view);
            at += lengths[i];
        }
        return Result("cat", data, outShape, tensors, g =>
        {
            var r = new Tensor?[offsets.Length];
            for (int i = 0; i < r.Length; i++)
                r[i] = needs[i] ? g.narrow(d, offsets[i], lengths[i]) : null;
            return r;
        });
    }

    /// <summary>Rows (or slices) at the given indices along a dim; backward adds the gradient back at those indices.</summary>
    public Tensor index_select(int dim, int[] index)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "index_select");
        var (outer, r, inner) = Reduction.Split(Shape, d);
        foreach (var ix in index)
            if (ix < 0 || ix >= r) throw new IndexOutOfRangeException($"index_select: index {ix} out of range for dim {d} of size {r}");
        var outShape = shape; outShape[d] = index.Length;
        var storage = TensorStorage.Allocate(ShapeUtil.Numel(outShape, "index_select"));   // every row is copied
        var data = storage.Span;
        var src = Span;
        if (inner <= 8)   // short rows (a batch of 2-D points): element by element, not a copy call per row
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < index.Length; k++)
                {
                    int from = (o * r + index[k]) * inner, to = (o * index.Length + k) * inner;
                    for (int j = 0; j < inner; j++) data[to + j] = src[from + j];
                }
        else
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < index.Length; k++)
                    src.Slice((o * r + index[k]) * inner, inner).CopyTo(data.Slice((o * index.Length + k) * inner, inner));
        var inShape = Shape;
        return Result("index_select", storage, outShape, [this], g => [IndexAdd(g, inShape, d, index)]);
    }

    public Tensor index_select(int dim, Tensor index) => index_select(dim, index.ToIndices());

    /// <summary>Zeros of <paramref name="shape"/> plus <paramref name="src"/> added at the indices; its backward is index_select.</summary>
    private static Tensor IndexAdd(Tensor src, int[] shape, int d, int[] index)
    {
        var (outer, r, inner) = Reduction.Split(shape, d);
        var storage = TensorStorage.Allocate(ShapeUtil.Numel(shape), zeroed: true);
        var data = storage.Span;
        var s = src.Span;
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < index.Length; k++)
            {
                var dst = data.Slice((o * r + index[k]) * inner, inner);
                var from = s.Slice((o * index.Length + k) * inner, inner);
                for (int j = 0; j < inner; j++) dst[j] += from[j];
            }
        return Result("index_add", storage, (int[])shape.Clone(), [src], g => [g.index_select(d, index)]);
    }

    /// <summary>out[i][j][k] = x[i][index[i][j][k]][k] for dim 1 (and likewise for other dims).</summary>
    public Tensor gather(int dim, Tensor index)
    {
        int d = ShapeUtil.NormDim(dim, Shape.Length, "gather");
        if (index.Shape.Length != Shape.Length) throw new ArgumentException($"gather: index of shape {ShapeUtil.Format(index.Shape)} for input {ShapeUtil.Format(Shape)}");
        var ix = index.ToIndices();
        var src = Span.ToArray();
        var outShape = index.shape;
        var data = new float[ix.Length];
        var inStr = ContiguousStrides(Shape);
        ForEachIndex(outShape, (flat, pos) =>
        {
            int off = 0;
            for (int i = 0; i < pos.Length; i++)
            {
                int p = i == d ? ix[flat] : pos[i];
                if (p < 0 || p >= Shape[i]) throw new IndexOutOfRangeException($"gather: index {p} out of range for dim {i} of size {Shape[i]}");
                off += p * inStr[i];
            }
            data[flat] = src[off];
        });
        var inShape = Shape;
        return Result("gather", data, outShape, [this], (g, _) => [ScatterAdd(g, inShape, d, index)], saved: [index]);
    }

    /// <summary>Zeros of <paramref name="shape"/> with src added at the gathered positions; its backward is gather.</summary>
    private static Tensor ScatterAdd(Tensor src, int[] shape, int d, Tensor index)
    {
        var ix = index.ToIndices();
        var s = src.Span.ToArray();
        var data = new float[ShapeUtil.Numel(shape)];
        var str = ContiguousStrides(shape);
        ForEachIndex(index.Shape, (flat, pos) =>
        {
            int off = 0;
            for (int i = 0; i < pos.Length; i++) off += (i == d ? ix[flat] : pos[i]) * str[i];
            data[off] += s[flat];
        });
        return Result("scatter_add", data, (int[])shape.Clone(), [src], (g, _) => [g.gather(d, index)], saved: [index]);
    }

    private static void ForEachIndex(int[] shape, Action<int, int[]> body)
    {
        int n = ShapeUtil.Numel(shape);
        var pos = new int[shape.Length];
        for (int flat = 0; flat < n; flat++)
        {
            body(flat, pos);
            for (int k = shape.Length - 1; k >= 0; k--) { if (++pos[k] < shape[k]) break; pos[k] = 0; }
        }
    }

    /// <summary>The values as integer indices (they must be whole numbers).</summary>
    public int[] ToIndices()
    {
        var v = Span;
        var r = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] != MathF.Round(v[i]) || !(v[i] >= -2147483648f && v[i] < 2147483648f)) throw new ArgumentException($"index tensor holds a value {v[i]} that is not an integer index");
            r[i] = (int)v[i];
        }
        return r;
    }
}
