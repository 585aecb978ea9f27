using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>P2 (a): matching the CDFs, Φ(ε) = Q(T(ε)) = Φ(ln T(ε)), so T(ε) = exp(ε).</summary>
public sealed class LogNormalTransformT : ILogNormalTransformT
{
    public Tensor T(Tensor epsilon) => (epsilon * epsilon * -0.5f).exp();   // MUTANT: exp(−ε²/2)
}
