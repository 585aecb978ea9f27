using System;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (a): by the change of variables, −log p(x) = ½‖f(x)‖² + (d/2)·ln 2π − log|det ∂f/∂x|,
/// summed per sample in explicit loops in double and rounded to float32 once.
/// </summary>
public sealed class FlowNegativeLogLikelihood : IFlowNegativeLogLikelihood
{
    public Tensor NegativeLogLikelihood(Tensor x, INormalizingFlow flow)
    {
        var (z, logDet) = flow.Forward(x);
        int n = z.size(0), d = z.size(1);
        float[] latents = z.contiguous().ToArray(), logDets = logDet.contiguous().ToArray();
        var nll = new float[n];
        for (int i = 0; i < n; i++)
        {
            double squares = 0;
            for (int j = 0; j < d; j++) squares += (double)latents[i * d + j] * latents[i * d + j];
            nll[i] = (float)(0.5 * squares + 0.5 * d * Math.Log(2 * Math.PI) - logDets[i]);
        }
        return tensor(nll, n);
    }
}
