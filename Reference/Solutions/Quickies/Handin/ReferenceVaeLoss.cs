using Grader.Contracts.Quickies;
using Grader.Tensors;

namespace Grader.Reference.Quickies.Handin;

/// <summary>The reference as a hand-in of quickie 3 (e), the VAE: <see cref="GenerativeLosses.VaeNegativeElbo"/>.</summary>
public sealed class ReferenceVaeLoss : IVaeLoss
{
    public Tensor NegativeElbo(Tensor x, DiagonalGaussian encoder, DiagonalGaussian decoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        return GenerativeLosses.VaeNegativeElbo(x, encoder.Mean, encoder.LogVariance, decoder.Mean, decoder.LogVariance);
    }
}
