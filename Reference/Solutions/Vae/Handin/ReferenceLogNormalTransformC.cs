using Grader.Contracts.Vae;
using Grader.Tensors;

namespace Grader.Reference.Vae.Handin;

/// <summary>The reference as a hand-in of TUM P2 (c) and the gradient part of (d): <see cref="LogNormalReparametrisation"/>.</summary>
public sealed class ReferenceLogNormalTransformC : ILogNormalTransformC
{
    public Tensor C(Tensor epsilon, double mu, double sigma)
    {
        using var _ = torch.no_grad();
        return LogNormalReparametrisation.C(epsilon, mu, sigma);
    }

    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        var (dMu, dSigma) = LogNormalReparametrisation.PathwiseGradient(epsilon, mu, sigma);
        return new LogNormalPathwiseGradient(dMu, dSigma);
    }
}
