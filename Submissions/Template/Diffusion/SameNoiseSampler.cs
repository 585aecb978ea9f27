using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Heidelberg ML for physicists, sheet 10, exercise 1 (c): the reverse process with the identical noise
/// for all samples at each step.
/// </summary>
public sealed class SameNoiseSampler : ISameNoiseSampler
{
    /// <inheritdoc />
    public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (c): implement the reverse process (σ_t² = β̃_t, as in 1 (a)) with the identical noise for all "
            + "samples, drawing the noise of step t from noise.ForStep; return the trajectory [T + 1, N, d] — see README.md, SameNoiseSampler.cs.");
}
