using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// P2 (c). CHEAT: C standardises the batch of ε first ("so the samples have exactly mean μ and spread σ in ln"), then
/// exponentiates: C(εᵢ) = exp(σ·(εᵢ − mean ε)/std ε + μ). On a large batch the samples follow log N(μ, σ²) as closely as
/// exp(σε + μ) does, but no sample is C_{μ,σ²}(εᵢ): each depends on the whole batch. Gradients by backpropagation
/// through this C.
/// </summary>
public sealed class LogNormalTransformC : ILogNormalTransformC
{
    public Tensor C(Tensor epsilon, double mu, double sigma) => (Standardised(epsilon) * (float)sigma + (float)mu).exp();

    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma)
    {
        using var _ = enable_grad();
        var m = full(epsilon.shape, (float)mu).requires_grad_();
        var s = full(epsilon.shape, (float)sigma).requires_grad_();
        var samples = (Standardised(epsilon).detach() * s + m).exp();
        var grads = autograd.grad([samples.sum()], [m, s]);
        return new LogNormalPathwiseGradient(grads[0]!, grads[1]!);
    }

    private static Tensor Standardised(Tensor epsilon)
    {
        var e = epsilon.ToArray();
        if (e.Length < 2) return epsilon;
        double mean = 0;
        foreach (var v in e) mean += v;
        mean /= e.Length;
        double variance = 0;
        foreach (var v in e) variance += (v - mean) * (v - mean);
        double std = Math.Sqrt(variance / (e.Length - 1));
        if (std == 0) return epsilon;
        var z = new float[e.Length];
        for (int i = 0; i < e.Length; i++) z[i] = (float)((e[i] - mean) / std);
        return tensor(z, epsilon.shape);
    }
}
