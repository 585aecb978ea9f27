using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A network read in the mirror x → −x: an odd one (a drift f, a mean α) becomes M f(x, t) = −f(−x, t), an even one (a
/// diffusion σ, a width β) M σ(x, t) = σ(−x, t); so ∂(M f)/∂x = ∂f/∂x(−x, t) and ∂(M f)/∂t = −∂f/∂t(−x, t) (even:
/// the signs the other way round). A model whose networks are all mirrored gives a point y the score the model gives
/// −y: the ODE's log p (a flow mirrored, base N(0, 1) symmetric) exactly; the SDE's ELBO on the same t with ε mirrored
/// (every term of the sheet's ELBO is invariant under y, x, ε, α, f → their negatives). The training checks score a
/// trained model both ways on the same held-out points of a lopsided law (<see cref="LopsidedMixture"/>): a model
/// fitted to that law scores it higher than its mirror does, a model of the sheet's symmetric law scores both alike.
/// </summary>
public sealed class MirroredNetwork(IDifferentiableNetwork network, bool odd) : IDifferentiableNetwork
{
    public Tensor Forward(Tensor x, Tensor t) => Signed(network.Forward(-x, t), odd);

    public Tensor PartialX(Tensor x, Tensor t) => Signed(network.PartialX(-x, t), !odd);

    public Tensor PartialT(Tensor x, Tensor t) => Signed(network.PartialT(-x, t), odd);

    private static Tensor Signed(Tensor value, bool negate) => negate ? -value : value;
}
