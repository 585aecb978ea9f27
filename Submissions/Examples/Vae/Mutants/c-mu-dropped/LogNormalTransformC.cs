using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>P2 (c): C = M ∘ T, C(ε) = exp(σε + μ); its gradients by backpropagation with μ and σ as leaves, one per sample.</summary>
public sealed class LogNormalTransformC : ILogNormalTransformC
{
    public Tensor C(Tensor epsilon, double mu, double sigma) => (epsilon * (float)sigma).exp();   // MUTANT: μ left out

    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        using var _ = enable_grad();
        var m = full(epsilon.shape, (float)mu).requires_grad_();
        var s = full(epsilon.shape, (float)sigma).requires_grad_();
        var samples = (epsilon.detach() * s + m).exp();
        var grads = autograd.grad([samples.sum()], [m, s]);
        return new LogNormalPathwiseGradient(grads[0]!, grads[1]!);
    }
}
