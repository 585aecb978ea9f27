namespace Grader.Tensors;

/// <summary>
/// The buffer under a tensor and all of its views (they share this object, not only the array). It belongs either to
/// the garbage collector (<see cref="Owner"/> null) or to the <see cref="MemoryScope"/> it was made in, which hands the
/// array back to the <see cref="StoragePool"/> when it ends. A released storage has no array: every tensor over it
/// throws on its next use, so a released buffer is never read or written through a stale tensor. Invariant: the array
/// holds at least <see cref="Length"/> elements, the ones a view may address (a pooled array may be longer).
/// </summary>
internal sealed class TensorStorage
{
    private float[]? _array;

    /// <summary>The elements a view may address (the array may be longer: it comes in its pool's size class).</summary>
    public readonly int Length;

    /// <summary>True when the array came from the pool and goes back to it on release.</summary>
    private readonly bool _pooled;

    /// <summary>The scope that releases this storage when it ends; null when the garbage collector owns it.</summary>
    internal MemoryScope? Owner;

    /// <summary>
    /// Scratch count for the backward pass that owns this storage (<see cref="Engine"/>): how many entries of its
    /// gradient table view it. Meaningful only while <see cref="Owner"/> is that pass's scope.
    /// </summary>
    internal int GradientReferences;

    /// <summary>
    /// Autograd's version counter (PyTorch's <c>_version</c>): how many in-place writes this buffer has had. Every write
    /// into an existing tensor bumps it (<see cref="Tensor.CopyFrom"/>, an optimiser's step, the backward pass's own
    /// accumulation), under no_grad too, and all views of the buffer share it. A node records it for each tensor its
    /// rule reads (<see cref="Node"/>), and backward refuses to run the rule once it has moved. Internal: a hand-in
    /// that could read it would have a step counter outside its parameters.
    /// </summary>
    internal int Version;

    /// <summary>Wraps an array the garbage collector owns (all of it addressable).</summary>
    public TensorStorage(float[] array) : this(array, array.Length, pooled: false) { }

    private TensorStorage(float[] array, int length, bool pooled)
    {
        _array = array;
        Length = length;
        _pooled = pooled;
    }

    /// <summary>The array; throws <see cref="ObjectDisposedException"/> once the storage is released.</summary>
    public float[] Array => _array ?? throw ReleasedError();

    public bool IsReleased => _array is null;

    /// <summary>
    /// A buffer of <paramref name="length"/> elements for an op's result: from the pool and owned by the current
    /// <see cref="MemoryScope"/> when one is active on this thread, else a fresh array the garbage collector owns.
    /// Uninitialised unless <paramref name="zeroed"/>: the caller must write every element it lets a tensor read.
    /// </summary>
    public static TensorStorage Allocate(int length, bool zeroed = false)
    {
        var scope = MemoryScope.Current;
        if (scope is null) return new TensorStorage(zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length));
        var array = StoragePool.Rent(length, out bool pooled);
        if (zeroed) System.Array.Clear(array, 0, length);
        var storage = new TensorStorage(array, length, pooled);
        scope.Adopt(storage);
        return storage;
    }

    /// <summary>Span over the addressable elements.</summary>
    public Span<float> Span => Array.AsSpan(0, Length);

    /// <summary>Gives the array back to the pool (when it came from it); the storage is unusable afterwards.</summary>
    internal void Release()
    {
        var array = _array;
        if (array is null) return;
        _array = null;
        Owner = null;
        if (_pooled) StoragePool.Return(array);
    }

    /// <summary>Hands this storage to the garbage collector: no scope will release it (a leaf's gradient, a parameter).</summary>
    internal void Escape() => Owner = null;

    private static ObjectDisposedException ReleasedError() => new(nameof(Tensor),
        "this tensor's memory was released when the torch.memory_scope() it was made in ended (another tensor may be using it now). " +
        "Keep what must outlive a scope with scope.keep(tensor), or make it outside the scope.");
}
