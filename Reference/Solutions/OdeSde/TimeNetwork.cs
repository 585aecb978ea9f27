using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde;

/// <summary>
/// A reference network of a point and a time, g(x, t) with x and t of shape [N, 1]; the partial derivatives come from
/// <c>autograd.grad</c> with ones as <c>grad_outputs</c> (the notebooks' way; rows do not mix, so this is ∂g_i/∂x_i).
/// As an <see cref="IDifferentiableNetwork"/> (what a training task returns) every result is detached.
/// </summary>
public abstract class TimeNetwork : Module, ITimeDependentFunction, IDifferentiableNetwork
{
    /// <summary>g(x, t), [N, 1], on the graph of the parameters.</summary>
    public abstract Tensor forward(Tensor x, Tensor t);

    public Tensor Value(Tensor x, Tensor t) => forward(x, t);

    public (Tensor Value, Tensor PartialX) WithPartialX(Tensor x, Tensor t, bool createGraph) => Partial(x, t, wrtX: true, createGraph);

    public (Tensor Value, Tensor PartialT) WithPartialT(Tensor x, Tensor t, bool createGraph) => Partial(x, t, wrtX: false, createGraph);

    Tensor IDifferentiableNetwork.Forward(Tensor x, Tensor t)
    {
        using var _ = no_grad();
        return forward(x, t);
    }

    Tensor IDifferentiableNetwork.PartialX(Tensor x, Tensor t) => Partial(x.detach(), t.detach(), wrtX: true, createGraph: false).Partial;

    Tensor IDifferentiableNetwork.PartialT(Tensor x, Tensor t) => Partial(x.detach(), t.detach(), wrtX: false, createGraph: false).Partial;

    private (Tensor Value, Tensor Partial) Partial(Tensor x, Tensor t, bool wrtX, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        using var _ = enable_grad();
        var input = wrtX ? x : t;
        if (!input.requires_grad) input = input.detach().requires_grad_();
        var value = wrtX ? forward(input, t) : forward(x, input);
        var partial = value.requires_grad
            ? autograd.grad([value], [input], [ones_like(value)], create_graph: createGraph, allow_unused: true)[0]
            : null;
        partial ??= zeros_like(value);
        return createGraph ? (value, partial) : (value.detach(), partial.detach());
    }
}
