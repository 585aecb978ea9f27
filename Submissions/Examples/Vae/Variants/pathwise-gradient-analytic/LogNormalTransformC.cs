using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// P2 (c): C = M ∘ T, C(ε) = exp(σε + μ). Its gradients written out instead of backpropagated: ∂C/∂μ = C(ε) and
/// ∂C/∂σ = ε·C(ε), one per sample.
/// </summary>
public sealed class LogNormalTransformC : ILogNormalTransformC
{
    public Tensor C(Tensor epsilon, double mu, double sigma) => (epsilon * (float)sigma + (float)mu).exp();

    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        var samples = C(epsilon.detach(), mu, sigma);
        return new LogNormalPathwiseGradient(samples, epsilon.detach() * samples);
    }
}
