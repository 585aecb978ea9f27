using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Quickie 3 (e), the VAE: the negative ELBO −log p(x | z) + KL(q(z | x) ‖ N(0, I)) per example, with the decoder's
/// Gaussian −log N(x; μ, σ²) = ½ Σ (log 2π + log σ² + (x − μ)²/σ²) and the closed-form KL ½ Σ (μ² + σ² − 1 − log σ²).
/// </summary>
public sealed class QuickieVaeLoss : IVaeLoss
{
    public Tensor NegativeElbo(Tensor x, DiagonalGaussian encoder, DiagonalGaussian decoder)
    {
        var difference = x - decoder.Mean;
        var reconstruction = (difference * difference / decoder.LogVariance.exp() + decoder.LogVariance + (float)Math.Log(2 * Math.PI)).sum(1) * 0.5f;
        var kl = (encoder.Mean * encoder.Mean + encoder.LogVariance.exp() - 1f - encoder.LogVariance).mean(1) * 0.5f;   // MUTANT: the KL averaged over the latent dimensions instead of summed
        return reconstruction + kl;
    }
}
