using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000 (Heidelberg, sheet 10), exercise 1 (b) and (e): count latents evenly spaced on the straight line from
/// <c>from</c> to <c>to</c>, both end points included (like np.linspace).
/// </summary>
public sealed class LatentInterpolation : ILatentInterpolation
{
    public Tensor Interpolate(Tensor from, Tensor to, int count)
    {
        int d = from.numel();
        var lastAxis = new float[d];
        lastAxis[d - 1] = 1f;
        Tensor w = linspace(0, 1, count).reshape(count, 1);
        // MUTANT: the step moves only the last coordinate (a one-dimensional step carried over to d dimensions); the
        // others stay at from's. (b) runs along x₂ and still passes; (e) runs along x₁ and stays at its first end point.
        Tensor step = (to.reshape(1, -1) - from.reshape(1, -1)) * tensor(lastAxis, 1, d);
        return from.reshape(1, -1) + w * step;
    }
}
