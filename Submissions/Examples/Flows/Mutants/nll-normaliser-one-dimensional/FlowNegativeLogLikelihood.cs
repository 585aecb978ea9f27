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
        float constant = (float)(0.5 * Math.Log(2 * Math.PI));   // MUTANT: ½ ln 2π once, the one-dimensional normaliser, for any D
        return 0.5f * (z * z).sum(1) + constant - logDet;
    }
}
