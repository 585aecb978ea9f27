using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Heidelberg ML for physicists, sheet 10, exercise 1 (b) and (e): a linear interpolation in latent space.
/// </summary>
public sealed class LatentInterpolation : ILatentInterpolation
{
    /// <inheritdoc />
    public Tensor Interpolate(Tensor from, Tensor to, int count) =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (b): implement the linear interpolation of count latents between from and to, "
            + "both end points included (e.g. 500 points from (−1, 2) to (−1, −2)) — see README.md, LatentInterpolation.cs.");
}
