namespace Grader.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Wraps a freshly computed array as the result of an op. When grad mode is on and an input requires grad, the
    /// result records a <see cref="Node"/> with <paramref name="backward"/>, which receives the output gradient and
    /// the result itself (so rules like d eˣ = eˣ can reuse the output).
    /// </summary>
    internal static Tensor Result(string name, float[] data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor, Tensor?[]>? backward)
    {
        var y = new Tensor(data, shape);
        Record(y, name, inputs, backward);
        return y;
    }

    /// <summary>Records the op that made <paramref name="y"/> (a new tensor or a view) when any input requires grad.</summary>
    internal static void Record(Tensor y, string name, Tensor[] inputs, Func<Tensor, Tensor, Tensor?[]>? backward)
    {
        if (backward == null || !GradMode.IsEnabled) return;
        bool any = false;
        foreach (var t in inputs) if (t.requires_grad) { any = true; break; }
        if (!any) return;
        y.MarkRequiresGrad();
        y.grad_fn = new Node(name, inputs, g => backward(g, y));
    }

    internal static Tensor Scalar(float v) => new([v], []);
}
