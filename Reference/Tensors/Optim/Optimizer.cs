#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// Base of the optimizers: a fixed, ordered list of parameters (leaves, contiguous, no duplicates) updated in place
/// by <see cref="step"/> from their <see cref="Tensor.grad"/>. A parameter whose grad is null is skipped, and its
/// state is left as it was (as in PyTorch). Per-parameter state is allocated on the first step that sees a gradient,
/// so steady-state steps allocate nothing.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;

    /// <summary>Per parameter, the buffer a gradient that is not contiguous is read into (made on first need, then reused).</summary>
    private readonly float[]?[] _gradientCopies;

    protected Optimizer(IEnumerable<Tensor> parameters, double lr, string name)
    {
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException($"{name}: got an empty parameter list");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (!seen.Add(p)) throw new ArgumentException($"{name}: parameter {i} appears more than once in the parameter list");
            if (!p.is_leaf) throw new ArgumentException($"{name}: parameter {i} is not a leaf tensor (it has grad_fn {p.grad_fn!.Name}); optimise the leaf it was computed from");
            if (!p.is_contiguous()) throw new ArgumentException($"{name}: parameter {i} (shape {ShapeUtil.Format(p.Shape)}) is a non-contiguous view; pass a contiguous tensor");
        }
        CheckNonNegative(lr, "lr", name);
        this.lr = lr;
        _gradientCopies = new float[]?[_parameters.Length];
    }

    /// <summary>The learning rate; may be changed between steps (a schedule).</summary>
    public double lr { get; set; }

    /// <summary>The parameters, in the order given to the constructor.</summary>
    public IReadOnlyList<Tensor> parameters => _parameters;

    /// <summary>Clears the gradients (sets them to null, PyTorch's default <c>set_to_none=True</c>).</summary>
    public void zero_grad()
    {
        foreach (var p in _parameters) p.grad = null;
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public abstract void step();

    /// <summary>
    /// The gradient of parameter <paramref name="index"/> as a span of its values in row-major order, or an empty
    /// span when it has none. A contiguous gradient is read in place; a transposed, broadcast or strided one is copied
    /// first, into a buffer of the optimizer's own that the next step reuses. A linear layer's weight gets a transposed
    /// gradient at every step (the backward of the product with <c>weight.t()</c>); a fresh copy a step was 1–2 % of the
    /// V check's training and 17 kB of garbage a step (docs/measurements/2026-11-27-training-hosts.md). The span is
    /// valid until the next call for the same parameter.
    /// </summary>
    protected ReadOnlySpan<float> Gradient(int index, out bool present)
    {
        var p = _parameters[index];
        var g = p.grad;
        present = g != null;
        if (g is null) return default;
        if (g.numel() != p.numel())
            throw new InvalidOperationException($"{GetType().Name}: parameter {index} has shape {ShapeUtil.Format(p.Shape)} but its grad has shape {ShapeUtil.Format(g.Shape)}");
        if (g.is_contiguous()) return g.Span;
        var copy = _gradientCopies[index] ??= new float[p.numel()];
        g.CopyRowMajorTo(copy);
        return copy;
    }

    /// <summary>Writable values of parameter <paramref name="index"/>.</summary>
    protected Span<float> Values(int index) => _parameters[index].MutableSpan();

    protected static void CheckNonNegative(double value, string what, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(what, $"{name}: {what} must be a finite value ≥ 0, got {value}");
    }
}
