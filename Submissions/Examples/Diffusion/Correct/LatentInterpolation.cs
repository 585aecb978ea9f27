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
        Tensor w = linspace(0, 1, count).reshape(count, 1);
        return (1f - w) * from.reshape(1, -1) + w * to.reshape(1, -1);
    }
}
