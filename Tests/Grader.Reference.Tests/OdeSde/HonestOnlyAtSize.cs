using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// A network whose partials (∂/∂x and ∂/∂t) are <paramref name="lie"/> below the truth on every batch whose size is not
/// <paramref name="honestSize"/> (−1: on every batch): the corpus cheats <c>ode-trace-honest-only-at-probe-size</c> and
/// <c>sde-partials-honest-only-at-probe-size</c> on a closed form.
/// </summary>
internal sealed class HonestOnlyAtSize(IDifferentiableNetwork inner, double lie, int honestSize) : IDifferentiableNetwork
{
    public Tensor Forward(Tensor x, Tensor t) => inner.Forward(x, t);

    public Tensor PartialX(Tensor x, Tensor t) => x.size(0) == honestSize ? inner.PartialX(x, t) : inner.PartialX(x, t) - (float)lie;

    public Tensor PartialT(Tensor x, Tensor t) => x.size(0) == honestSize ? inner.PartialT(x, t) : inner.PartialT(x, t) - (float)lie;
}
