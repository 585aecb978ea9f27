using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// A normalizing flow z = f(x) on ℝᵈ whose latent z follows the standard normal N(0, I). The grader passes one to a
/// hand-in (a trained network, a random one, or a map it knows in closed form), and a hand-in's training returns one.
/// </summary>
public interface INormalizingFlow
{
    /// <summary>z = f(x) and log|det ∂f/∂x| of each sample.</summary>
    /// <param name="x">[N, d].</param>
    /// <returns>Z [N, d] and LogDet [N].</returns>
    (Tensor Z, Tensor LogDet) Forward(Tensor x);

    /// <summary>x = f⁻¹(z).</summary>
    /// <param name="z">[N, d].</param>
    /// <returns>[N, d].</returns>
    Tensor Inverse(Tensor z);
}
