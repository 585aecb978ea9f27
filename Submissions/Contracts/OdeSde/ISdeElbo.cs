using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, tasks 2.1–2.5: <c>SDE.ipynb</c>'s <c>compute_elbo_sde</c>, the evidence lower bound ELBO(y) ≤ log p(y) of
/// the generative model x₀ ~ p(x₀) = N(0, 1), dx = f(x, t)·dt + σ(x, t)·dW for t ∈ [0, 1], y ~ p(y | x₁) = N(y; x₁, β²),
/// with the variational distribution q_t(x_t | y) = N(x_t | α(y, t), β²(y, t)). It is simulation-free: every random
/// draw (one t per example and one reparameterised sample per q) comes from <paramref name="noise"/>.
/// </summary>
public interface ISdeElbo
{
    /// <param name="y">Data, [N, 1].</param>
    /// <param name="drift">The generative drift f(x, t).</param>
    /// <param name="diffusion">The diffusion σ(x, t) (positive).</param>
    /// <param name="alpha">The variational mean α(y, t).</param>
    /// <param name="beta">The variational standard deviation β(y, t) (positive).</param>
    /// <param name="likelihoodStd">β of the likelihood p(y | x₁) = N(y; x₁, β²) (the notebook's shared <c>Beta</c>).</param>
    /// <param name="noise">The only source of randomness.</param>
    /// <returns>The ELBO of each example and its terms.</returns>
    SdeElboTerms Elbo(Tensor y, IDifferentiableNetwork drift, IDifferentiableNetwork diffusion, IDifferentiableNetwork alpha,
        IDifferentiableNetwork beta, double likelihoodStd, IElboNoiseSource noise);
}
