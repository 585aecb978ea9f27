using System;
using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (a): by the change of variables, −log p(x) = ½‖f(x)‖² + (d/2)·ln 2π − log|det ∂f/∂x|.
/// </summary>
public sealed class FlowNegativeLogLikelihood : IFlowNegativeLogLikelihood
{
    public Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow)
    {
        var (z, logDet) = flow.Forward(x);
        float constant = (float)(0.5 * z.size(1) * Math.Log(2 * Math.PI));
        return 0.5f * (z * z).sum(1) - logDet; // MUTANT: the normalisation (d/2)·ln 2π left out
    }
}
