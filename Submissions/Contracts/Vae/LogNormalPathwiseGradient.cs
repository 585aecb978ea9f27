using Grader.Tensors;

namespace Grader.Contracts.Vae;

/// <summary>Per-sample derivatives of a reparametrised sample.</summary>
/// <param name="Mu">∂C(εᵢ)/∂μ, the shape of ε.</param>
/// <param name="Sigma">∂C(εᵢ)/∂σ, the shape of ε.</param>
public sealed record LogNormalPathwiseGradient(Tensor Mu, Tensor Sigma);
