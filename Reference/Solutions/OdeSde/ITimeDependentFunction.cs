using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// A function g(x, t) of points and times ([N, 1] each, row by row) with its partial derivatives: a network of the
/// reference (<see cref="TimeNetwork"/>: derivatives by autograd, differentiable in its parameters) or a network given
/// through the contracts (<see cref="ContractNetwork"/>). With <c>createGraph</c> the derivatives are part of the graph
/// (training); without it, every result is detached.
/// </summary>
public interface ITimeDependentFunction
{
    /// <summary>g(x, t), [N, 1].</summary>
    Tensor Value(Tensor x, Tensor t);

    /// <summary>g(x, t) and ∂g/∂x at (x, t).</summary>
    (Tensor Value, Tensor PartialX) WithPartialX(Tensor x, Tensor t, bool createGraph);

    /// <summary>g(x, t) and ∂g/∂t at (x, t).</summary>
    (Tensor Value, Tensor PartialT) WithPartialT(Tensor x, Tensor t, bool createGraph);
}
