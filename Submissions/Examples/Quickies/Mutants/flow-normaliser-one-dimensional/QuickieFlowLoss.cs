using System;
using Grader.Contracts.Quickies;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Quickie 3 (e), the normalizing flow: by the change of variables log p(x) = log N(f(x); 0, I) + log|det ∂f/∂x|, so the
/// loss per example is ½‖z‖² + (D/2) log 2π − log|det ∂f/∂x|.
/// </summary>
public sealed class QuickieFlowLoss : IFlowLoss
{
    public Tensor NegativeLogLikelihood(Tensor z, Tensor logDetJacobian)
    {
        int d = z.size(1);
        return (z * z).sum(1) * 0.5f + (float)(0.5 * Math.Log(2 * Math.PI)) - logDetJacobian;   // MUTANT: ½ ln 2π once, not (D/2) ln 2π
    }
}
