using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// What <c>SDE.ipynb</c>'s <c>compute_elbo_sde</c> returns, per example instead of averaged: the ELBO and its three
/// terms, with Elbo = Likelihood − KlDivergence − DriftMatching. Each is [N].
/// </summary>
/// <param name="Elbo">The ELBO of each example.</param>
/// <param name="Likelihood">The likelihood term (<c>likelihood_term</c>).</param>
/// <param name="KlDivergence">The KL divergence term (<c>kl_divergence</c>).</param>
/// <param name="DriftMatching">The drift matching term (<c>drift_matching_term</c>).</param>
public sealed record SdeElboTerms(Tensor Elbo, Tensor Likelihood, Tensor KlDivergence, Tensor DriftMatching);
