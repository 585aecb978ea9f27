using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (c): the affine coupling block of an INN, as FrEIA's
/// <c>AllInOneBlock</c> computes it (its coupling part). The input x, [N, C], is split into x₁ (the first C − ⌊C/2⌋
/// channels) and x₂ (the last ⌊C/2⌋ channels); a = 0.1·subnet(x₁); the first ⌊C/2⌋ columns of a give the soft-clamped
/// log-scale s = clamp·tanh(a_s/clamp), the last ⌊C/2⌋ columns the shift t; the output is y = (x₁, x₂ ⊙ exp(s) + t),
/// channels in that order.
/// </summary>
public interface IAffineCouplingBlock
{
    /// <summary>The block applied to x, and log|det ∂y/∂x| of each sample.</summary>
    /// <param name="x">[N, C], C ≥ 2.</param>
    /// <param name="subnet">The block's subnetwork.</param>
    /// <param name="clamp">The soft clamp's bound (FrEIA's <c>affine_clamping</c>, 2 by default).</param>
    /// <returns>Y [N, C] and LogDet [N].</returns>
    (Tensor Y, Tensor LogDet) Forward(Tensor x, ICouplingSubnet subnet, double clamp);

    /// <summary>The block's inverse applied to y, and log|det ∂x/∂y| of each sample.</summary>
    /// <param name="y">[N, C].</param>
    /// <param name="subnet">The same subnetwork as in <see cref="Forward"/>.</param>
    /// <param name="clamp">The same clamp as in <see cref="Forward"/>.</param>
    /// <returns>X [N, C] and LogDet [N].</returns>
    (Tensor X, Tensor LogDet) Inverse(Tensor y, ICouplingSubnet subnet, double clamp);
}
