#pragma warning disable IDE1006, CS8981 // PyTorch-style lower-case names.
namespace Grader.Tensors;

/// <summary>
/// A region whose tensors give their memory back when it ends: <c>using (torch.memory_scope()) { … }</c>, like
/// <c>torch.no_grad()</c>. Every buffer an op allocates while the scope is the innermost one on this thread comes from
/// the <see cref="StoragePool"/> and returns to it when the scope is disposed, so the next step reuses memory that is
/// mapped and warm instead of allocating and collecting. The release model:
/// <list type="bullet">
/// <item>A tensor made inside a scope (and every view of it) is valid until the scope ends; afterwards any use throws
/// <see cref="ObjectDisposedException"/>: a released buffer is never read through a stale tensor.</item>
/// <item><see cref="keep"/> lets a tensor outlive the scope (it moves to the enclosing scope, or to the garbage
/// collector when there is none). It keeps the values, not the autograd graph: call backward inside the scope.</item>
/// <item>Gradients stored in a leaf's <c>grad</c>, parameters and buffers registered in a module are never released
/// by a scope. Tensors made outside every scope belong to the garbage collector, as always.</item>
/// <item>Scopes nest, end in reverse order on the thread that began them, and belong to that thread: a scope's
/// tensors may be shared with another thread only after <see cref="keep"/>.</item>
/// </list>
/// Code that keeps tensors across calls it does not control (a model caching an activation) must not run inside a
/// scope: the grader's checks never wrap a hand-in's code in one.
/// </summary>
public sealed class MemoryScope : IDisposable
{
    [ThreadStatic] private static MemoryScope? _current;

    private readonly MemoryScope? _parent;
    private readonly List<TensorStorage> _owned = [];
    private bool _ended;

    /// <summary>The innermost active scope of this thread, or null.</summary>
    internal static MemoryScope? Current => _current;

    internal MemoryScope()
    {
        _parent = _current;
        _current = this;
    }

    /// <summary>Storages adopted so far (the backward pass releases the ones it made after a mark).</summary>
    internal int Count => _owned.Count;

    internal TensorStorage this[int index] => _owned[index];

    internal void Adopt(TensorStorage storage)
    {
        storage.Owner = this;
        _owned.Add(storage);
    }

    /// <summary>
    /// Lets <paramref name="tensor"/> (its whole storage, so its views too) outlive this scope: it then belongs to the
    /// enclosing scope, or to the garbage collector. Returns the tensor. A tensor that already outlives the scope
    /// (made outside it) is left as it is.
    /// </summary>
    public Tensor keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (_ended) throw new InvalidOperationException("memory_scope: keep() after the scope ended");
        var storage = tensor.Storage;
        if (storage.IsReleased) _ = storage.Array;   // throws the released error
        if (storage.Owner is { } owner && Encloses(owner)) MoveToParent(storage);
        return tensor;
    }

    /// <summary><see cref="keep(Tensor)"/> for several tensors.</summary>
    public void keep(params Tensor[] tensors)
    {
        foreach (var t in tensors) keep(t);
    }

    /// <summary>True when <paramref name="scope"/> is this scope or one nested inside it.</summary>
    private bool Encloses(MemoryScope scope)
    {
        for (var s = scope; s is not null; s = s._parent)
            if (ReferenceEquals(s, this)) return true;
        return false;
    }

    /// <summary>Moves a storage this scope (or a scope inside it) owns to the enclosing scope or to the collector.</summary>
    internal void MoveToParent(TensorStorage storage)
    {
        if (_parent is null) storage.Escape();
        else _parent.Adopt(storage);
    }

    /// <summary>Ends the scope: every storage it still owns goes back to the pool, and its tensors become unusable.</summary>
    public void Dispose()
    {
        if (_ended) return;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("memory_scope: scopes must end in the reverse order they began, on the thread that began them");
        _ended = true;
        _current = _parent;
        foreach (var storage in _owned)
            if (ReferenceEquals(storage.Owner, this)) storage.Release();
        _owned.Clear();
    }
}

public static partial class torch
{
    /// <summary>
    /// A scope whose tensors return their memory to the pool when it ends: <c>using (torch.memory_scope()) { … }</c>
    /// around a training step or a sampling step; <c>scope.keep(t)</c> for what must outlive it (see
    /// <see cref="MemoryScope"/>).
    /// </summary>
    public static MemoryScope memory_scope() => new();
}
