using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>P2 (c): C = M ∘ T, C(ε) = exp(σε + μ); its gradients by backpropagation with μ and σ as leaves, one per sample.</summary>
public sealed class LogNormalTransformC : ILogNormalTransformC
{
    public Tensor C(Tensor epsilon, double mu, double sigma) => (epsilon * (float)sigma + (float)mu).exp();

    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        using var _ = enable_grad();
        var m = full(epsilon.shape, (float)mu).requires_grad_();
        var s = full(epsilon.shape, (float)Math.Log(sigma)).requires_grad_();   // MUTANT: the leaf is ln σ, so its gradient is σ·∂C/∂σ
        var samples = (epsilon.detach() * s.exp() + m).exp();
        var grads = autograd.grad([samples.sum()], [m, s]);
        return new LogNormalPathwiseGradient(grads[0]!, grads[1]!);
    }
}
