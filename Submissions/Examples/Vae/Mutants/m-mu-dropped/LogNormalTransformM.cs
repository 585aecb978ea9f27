using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>P2 (b): Φ(ln z) = Φ((ln M(z) − μ)/σ), so ln M(z) = σ ln z + μ, M(z) = z^σ·e^μ.</summary>
public sealed class LogNormalTransformM : ILogNormalTransformM
{
    public Tensor M(Tensor z, double mu, double sigma) => (z.log() * (float)sigma).exp();   // MUTANT: z^σ, e^μ left out
}
