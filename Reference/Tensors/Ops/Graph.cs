namespace Grader.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Wraps a freshly computed buffer as the result of an op. When grad mode is on and an input requires grad, the
    /// result records a <see cref="Node"/> with <paramref name="backward"/>, which receives the output gradient; the
    /// node keeps alive only what the rule captured, so a rule should capture just what it reads (shapes, flags, the
    /// inputs whose values it needs). Every tensor whose values the rule reads goes into <paramref name="saved"/>
    /// (PyTorch's save_for_backward): backward refuses the rule once one of them was written in place.
    /// </summary>
    internal static Tensor Result(string name, TensorStorage data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor?[]>? backward,
        ReadOnlySpan<Tensor?> saved = default)
    {
        var y = new Tensor(data, shape);
        if (backward != null) Record(y, name, inputs, backward, saved);
        return y;
    }

    /// <summary>
    /// As <see cref="Result(string, TensorStorage, int[], Tensor[], Func{Tensor, Tensor?[]}?, ReadOnlySpan{Tensor?})"/>
    /// for a rule that also reads the result y (rules like d eˣ = eˣ); the node keeps y alive and saves it with
    /// <paramref name="saved"/>.
    /// </summary>
    internal static Tensor ResultWithOutput(string name, TensorStorage data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor, Tensor?[]> backward,
        ReadOnlySpan<Tensor?> saved = default)
    {
        var y = new Tensor(data, shape);
        Record(y, name, inputs, g => backward(g, y), saved, savedOutput: true);
        return y;
    }

    /// <summary>
    /// A result over an array the garbage collector owns, with a rule of the gradient and the result (which the node
    /// keeps). y is not saved: a rule that reads y's values is made with <see cref="ResultWithOutput"/>.
    /// </summary>
    internal static Tensor Result(string name, float[] data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor, Tensor?[]>? backward,
        ReadOnlySpan<Tensor?> saved = default)
    {
        var y = new Tensor(data, shape);
        if (backward != null) Record(y, name, inputs, g => backward(g, y), saved);
        return y;
    }

    /// <summary>
    /// Records the op that made <paramref name="y"/> (a new tensor or a view) when any input requires grad; the node
    /// saves the tensors in <paramref name="saved"/>, and y itself with <paramref name="savedOutput"/>.
    /// </summary>
    internal static void Record(Tensor y, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, ReadOnlySpan<Tensor?> saved = default,
        bool savedOutput = false)
    {
        if (!GradMode.IsEnabled) return;
        bool any = false;
        foreach (var t in inputs) if (t.requires_grad) { any = true; break; }
        if (!any) return;
        y.MarkRequiresGrad();
        y.grad_fn = new Node(name, inputs, backward, saved, savedOutput ? y : null);
    }

    /// <summary>Bumps this tensor's buffer's version: an in-place write (see <see cref="TensorStorage.Version"/>).</summary>
    internal void BumpVersion() => Storage.Version++;

    internal static Tensor Scalar(float v) => new([v], []);
}
