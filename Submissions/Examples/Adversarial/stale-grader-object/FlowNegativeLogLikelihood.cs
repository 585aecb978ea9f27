using System;
using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (d): −log p(x) = ½‖f(x)‖² + (D/2)·log 2π − log|det ∂f/∂x|, with z = f(x) the flow's forward
/// map and the log-determinant it returns.
/// </summary>
public sealed class FlowNegativeLogLikelihood : IFlowNegativeLogLikelihood
{
    // ADVERSARIAL: an object of the grader kept past its check. The first flow the grader hands over is kept in a
    // static field and called again on every later call, in later checks too (where it could tell what an earlier check
    // drew, or be called after the grader has moved on).
    private static INormalizingFlow? _first;

    public Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow)
    {
        _first ??= flow;
        try
        {
            _first.Forward(x);
        }
        catch (ArgumentException)
        {
            // The old flow may have another dimension; the attack only wants the call made.
        }

        var (z, logDet) = flow.Forward(x);
        float constant = (float)(0.5 * z.size(1) * Math.Log(2 * Math.PI));
        return 0.5f * (z * z).sum(1) + constant - logDet;
    }
}
