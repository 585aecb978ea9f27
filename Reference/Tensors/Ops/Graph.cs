namespace Grader.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Wraps a freshly computed buffer as the result of an op. When grad mode is on and an input requires grad, the
    /// result records a <see cref="Node"/> with <paramref name="backward"/>, which receives the output gradient; the
    /// node keeps alive only what the rule captured, so a rule should capture just what it reads (shapes, flags, the
    /// inputs whose values it needs).
    /// </summary>
    internal static Tensor Result(string name, TensorStorage data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor?[]>? backward)
    {
        var y = new Tensor(data, shape);
        if (backward != null) Record(y, name, inputs, backward);
        return y;
    }

    /// <summary>As <see cref="Result(string, TensorStorage, int[], Tensor[], Func{Tensor, Tensor?[]}?)"/> for a rule that also reads the result y (rules like d eˣ = eˣ); the node keeps y alive.</summary>
    internal static Tensor ResultWithOutput(string name, TensorStorage data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor, Tensor?[]> backward)
    {
        var y = new Tensor(data, shape);
        Record(y, name, inputs, g => backward(g, y));
        return y;
    }

    /// <summary>A result over an array the garbage collector owns, with a rule of the gradient and the result (which the node keeps).</summary>
    internal static Tensor Result(string name, float[] data, int[] shape, Tensor[] inputs, Func<Tensor, Tensor, Tensor?[]>? backward)
    {
        var y = new Tensor(data, shape);
        if (backward != null) Record(y, name, inputs, g => backward(g, y));
        return y;
    }

    /// <summary>Records the op that made <paramref name="y"/> (a new tensor or a view) when any input requires grad.</summary>
    internal static void Record(Tensor y, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (!GradMode.IsEnabled) return;
        bool any = false;
        foreach (var t in inputs) if (t.requires_grad) { any = true; break; }
        if (!any) return;
        y.MarkRequiresGrad();
        y.grad_fn = new Node(name, inputs, backward);
    }

    internal static Tensor Scalar(float v) => new([v], []);
}
