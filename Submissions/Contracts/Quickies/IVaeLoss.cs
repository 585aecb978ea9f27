using Grader.Tensors;

namespace Grader.Contracts.Quickies;

/// <summary>
/// Heidelberg 2023 quickie 3 (e) (sheet 000), the variational autoencoder: its loss, the negative evidence lower bound,
/// for a Gaussian encoder q(z | x), a Gaussian decoder p(x | z) and the standard normal prior p(z) = N(0, I), with one
/// latent sample per example.
/// </summary>
public interface IVaeLoss
{
    /// <param name="x">The examples, [N, D].</param>
    /// <param name="encoder">q(z | x) for each example: mean and log-variance, [N, K].</param>
    /// <param name="decoder">p(x | z) for each example at the latent z the grader sampled from q(z | x): [N, D].</param>
    /// <returns>The negative ELBO of each example in nats, [N].</returns>
    Tensor NegativeElbo(Tensor x, DiagonalGaussian encoder, DiagonalGaussian decoder);
}
