using System.Globalization;
using System.Text;

namespace Grader.Tensors;

/// <summary>
/// A float32 tensor of any rank: row-major storage with a shape, strides and an offset, so reshape, transpose and
/// expand are cheap views. A tensor that <see cref="requires_grad"/> records the op that made it (<see cref="grad_fn"/>)
/// and its inputs; <see cref="backward"/> and <c>torch.autograd.grad</c> walk that graph (see Autograd/Engine.cs).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The buffer this tensor views, shared with its views (see <see cref="TensorStorage"/>).</summary>
    internal readonly TensorStorage Storage;
    internal readonly int Offset;
    internal readonly int[] Shape;
    internal readonly int[] Strides;

    /// <summary>The node that produced this tensor, or null for a leaf or a tensor made without grad.</summary>
    public Node? grad_fn { get; internal set; }

    /// <summary>
    /// Accumulated gradient of a leaf after <see cref="backward"/>. A tensor stored here is never released by a
    /// <see cref="MemoryScope"/> (it belongs to the leaf until replaced).
    /// </summary>
    public Tensor? grad
    {
        get => _grad;
        set { value?.Storage.Escape(); _grad = value; }
    }

    private Tensor? _grad;
    private Node? _accumulator;

    /// <summary>
    /// The node a gradient for this tensor flows into: its grad_fn, or for a leaf that requires grad its accumulator
    /// (one per leaf); null when no gradient flows here.
    /// </summary>
    internal Node? GradientNode
    {
        get
        {
            if (grad_fn != null) return grad_fn;
            if (!requires_grad) return null;
            if (_accumulator is null) Interlocked.CompareExchange(ref _accumulator, new Node(this), null);
            return _accumulator;
        }
    }

    /// <summary>True when gradients flow to or through this tensor.</summary>
    public bool requires_grad { get; private set; }

    /// <summary>
    /// A tensor over <paramref name="storage"/>. Invariant, checked here in long arithmetic: the shape is valid
    /// (<see cref="ShapeUtil.Numel(int[], string)"/>) and every element the view addresses lies inside the storage, so no
    /// kernel (the native GEMM included) can read or write past it, whatever view a caller builds.
    /// </summary>
    internal Tensor(TensorStorage storage, int[] shape, int[]? strides = null, int offset = 0)
    {
        Storage = storage;
        Shape = shape;
        Strides = strides ?? ContiguousStrides(shape);
        Offset = offset;
        CheckLayout();
    }

    /// <summary>A tensor over a fresh array the garbage collector owns (see the other constructor for the invariant).</summary>
    internal Tensor(float[] array, int[] shape, int[]? strides = null, int offset = 0)
        : this(new TensorStorage(array), shape, strides, offset) { }

    /// <summary>The elements of the storage; throws once a memory scope has released it.</summary>
    internal float[] Data => Storage.Array;

    private void CheckLayout()
    {
        int n = ShapeUtil.Numel(Shape, "tensor");
        if (Strides.Length != Shape.Length)
            throw new InvalidOperationException($"tensor: {Strides.Length} strides for shape {ShapeUtil.Format(Shape)}");
        if (n == 0) return;   // addresses nothing
        long last = Offset;
        for (int i = 0; i < Shape.Length; i++)
        {
            if (Strides[i] < 0) throw new InvalidOperationException($"tensor: negative stride {Strides[i]} in dim {i}");
            last += (long)(Shape[i] - 1) * Strides[i];
        }
        if (Offset < 0 || last >= Storage.Length)
            throw new InvalidOperationException(
                $"tensor: a view of shape {ShapeUtil.Format(Shape)}, strides [{string.Join(", ", Strides)}] and offset {Offset} addresses elements {Offset}..{last} of a storage of {Storage.Length}");
    }

    /// <summary>A new contiguous tensor owning <paramref name="data"/> (not copied); <paramref name="op"/> names the caller in errors.</summary>
    internal static Tensor FromArray(float[] data, int[] shape, string op = "tensor")
    {
        int n = ShapeUtil.Numel(shape, op);
        if (n != data.Length)
            throw new ArgumentException($"{op}: shape {ShapeUtil.Format(shape)} holds {n} values, the data has {data.Length}");
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>A new contiguous tensor owning <paramref name="data"/> (not copied).</summary>
    internal static Tensor FromArray(float[] data, params int[] shape) => FromArray(data, shape, "tensor");

    public int[] shape => (int[])Shape.Clone();
    public int dim() => Shape.Length;
    public int ndim => Shape.Length;
    public int numel() => ShapeUtil.Numel(Shape);
    public int size(int dim) => Shape[ShapeUtil.NormDim(dim, Shape.Length, "size")];
    public int[] stride() => (int[])Strides.Clone();

    /// <summary>True when the elements lie in row-major order without gaps (offset aside).</summary>
    public bool is_contiguous()
    {
        long expected = 1;
        for (int i = Shape.Length - 1; i >= 0; i--)
        {
            if (Shape[i] != 1 && Strides[i] != expected) return false;
            expected *= Shape[i];
        }
        return true;
    }

    /// <summary>Row-major strides of a valid shape (each a product of trailing dims, so it fits an int).</summary>
    internal static int[] ContiguousStrides(int[] shape)
    {
        ShapeUtil.Numel(shape, "tensor");
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /// <summary>The elements in row-major order. For a contiguous tensor this is a view of the storage.</summary>
    internal ReadOnlySpan<float> Span => is_contiguous()
        ? new ReadOnlySpan<float>(Data, Offset, numel())
        : ToArrayInternal();

    /// <summary>A contiguous float array with the elements in row-major order (always a copy).</summary>
    public float[] ToArray() => is_contiguous() ? new ReadOnlySpan<float>(Data, Offset, numel()).ToArray() : ToArrayInternal();

    /// <summary>The elements as doubles, row-major (a copy).</summary>
    public double[] ToDoubleArray() { var f = Span; var d = new double[f.Length]; for (int i = 0; i < f.Length; i++) d[i] = f[i]; return d; }

    private float[] ToArrayInternal()
    {
        var result = new float[numel()];
        CopyRowMajorTo(result);
        return result;
    }

    /// <summary>
    /// Writes the elements in row-major order into the first <see cref="numel"/> elements of <paramref name="result"/>
    /// (a strided or broadcast view read element by element; <see cref="Optimizer"/> reads a transposed gradient into a
    /// buffer it reuses).
    /// </summary>
    internal void CopyRowMajorTo(Span<float> result)
    {
        int n = numel();
        if (result.Length < n) throw new ArgumentException($"CopyRowMajorTo: {result.Length} elements for a tensor of {n}", nameof(result));
        if (n == 0) return;
        int rank = Shape.Length;
        var data = Data;
        if (rank == 0) { result[0] = data[Offset]; return; }
        if (rank == 2 && Strides[0] == 1 && Strides[1] == Shape[0] && Shape[0] > 1)
        {
            // a transposed row-major matrix (a linear layer's weight gradient through t()): the blocked transpose
            Elementwise.Transpose(data.AsSpan(Offset, n), Shape[1], Shape[0], result);
            return;
        }
        var idx = new int[rank];
        int last = rank - 1, lastSize = Shape[last], lastStride = Strides[last];
        int pos = 0;
        while (true)
        {
            int baseOff = Offset;
            for (int d = 0; d < last; d++) baseOff += idx[d] * Strides[d];
            if (lastStride == 1) { data.AsSpan(baseOff, lastSize).CopyTo(result[pos..]); pos += lastSize; }
            else for (int j = 0; j < lastSize; j++) result[pos++] = data[baseOff + j * lastStride];
            int k = last - 1;
            while (k >= 0) { if (++idx[k] < Shape[k]) break; idx[k] = 0; k--; }
            if (k < 0) break;
        }
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public float item()
    {
        if (numel() != 1) throw new InvalidOperationException($"item() needs a tensor with one element, this one has shape {ShapeUtil.Format(Shape)}");
        return Data[Offset];
    }

    /// <summary>Element at the given indices (for tests and small reads).</summary>
    public float this[params int[] index]
    {
        get
        {
            if (index.Length != Shape.Length) throw new ArgumentException($"index of rank {index.Length} for a tensor of shape {ShapeUtil.Format(Shape)}");
            int off = Offset;
            for (int i = 0; i < index.Length; i++)
            {
                int ix = index[i] < 0 ? index[i] + Shape[i] : index[i];
                if (ix < 0 || ix >= Shape[i]) throw new IndexOutOfRangeException($"index {index[i]} out of range for dim {i} of size {Shape[i]}");
                off += ix * Strides[i];
            }
            return Data[off];
        }
    }

    /// <summary>Marks a leaf as needing gradients (PyTorch's <c>requires_grad_()</c>).</summary>
    public Tensor requires_grad_(bool requiresGrad = true)
    {
        if (grad_fn != null && !requiresGrad) throw new InvalidOperationException("requires_grad_(false) on a non-leaf tensor; use detach()");
        requires_grad = requiresGrad;
        return this;
    }

    internal void MarkRequiresGrad() => requires_grad = true;

    public bool is_leaf => grad_fn == null;

    /// <summary>The same values, cut off from the graph (shares storage).</summary>
    public Tensor detach() => new(Storage, Shape, Strides, Offset);

    /// <summary>Backpropagates from this tensor (a scalar, or with an explicit gradient) into the leaves' <see cref="grad"/>.</summary>
    public void backward(Tensor? gradient = null, bool create_graph = false) => Engine.Backward(this, gradient, create_graph);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("tensor(");
        var data = Span;
        int n = data.Length;
        if (Shape.Length == 0) sb.Append(data[0].ToString("G6", CultureInfo.InvariantCulture));
        else
        {
            sb.Append('[');
            int show = Math.Min(n, 8);
            for (int i = 0; i < show; i++) { if (i > 0) sb.Append(", "); sb.Append(data[i].ToString("G6", CultureInfo.InvariantCulture)); }
            if (n > show) sb.Append(", …");
            sb.Append(']');
        }
        sb.Append(", shape=").Append(ShapeUtil.Format(Shape));
        if (grad_fn != null) sb.Append(", grad_fn=").Append(grad_fn.Name);
        else if (requires_grad) sb.Append(", requires_grad=True");
        sb.Append(')');
        return sb.ToString();
    }
}
