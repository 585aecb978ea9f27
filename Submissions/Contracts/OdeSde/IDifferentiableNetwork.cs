using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003: one of the notebooks' networks of a point and a time — the drift f(x, t), the diffusion σ(x, t), the
/// variational mean α(y, t) or standard deviation β(y, t) — with its partial derivatives in each input, as
/// <c>torch.autograd.grad</c> gives them (row i depends on row i only). The grader may pass a trained network, a fixed
/// random one, or a function with a closed form, so a hand-in must not assume which.
/// </summary>
public interface IDifferentiableNetwork
{
    /// <param name="x">Points, [N, 1].</param>
    /// <param name="t">Times, [N, 1] (the notebooks' <c>t.expand_as(x)</c>).</param>
    /// <returns>The network's output, [N, 1].</returns>
    Tensor Forward(Tensor x, Tensor t);

    /// <summary>∂/∂x of <see cref="Forward"/> at (x, t), [N, 1].</summary>
    Tensor PartialX(Tensor x, Tensor t);

    /// <summary>∂/∂t of <see cref="Forward"/> at (x, t), [N, 1].</summary>
    Tensor PartialT(Tensor x, Tensor t);
}
