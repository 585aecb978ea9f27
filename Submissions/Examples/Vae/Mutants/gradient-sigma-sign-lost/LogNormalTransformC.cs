using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>P2 (c): C = M ∘ T, C(ε) = exp(σε + μ); its gradients written out, ∂C/∂μ = C and ∂C/∂σ = εC, in log space.</summary>
public sealed class LogNormalTransformC : ILogNormalTransformC
{
    public Tensor C(Tensor epsilon, double mu, double sigma) => (epsilon * (float)sigma + (float)mu).exp();

    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        var logC = epsilon * (float)sigma + (float)mu;
        var dSigma = (epsilon.abs().log() + logC).exp();   // MUTANT: ln|ε| + ln C loses the sign of ε
        return new LogNormalPathwiseGradient(logC.exp(), dSigma);
    }
}
