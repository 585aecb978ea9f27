using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.4: the two methods of <c>DDPM</c> in <c>ddpm.py</c>.
/// The network expects the time step normalised to [0, 1], as t/T with shape [N, 1].
/// </summary>
public sealed class DtuDdpm : IDtuDdpm
{
    /// <inheritdoc />
    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random) =>
        throw new NotImplementedException(
            "Sheet 004, exercise 3.4: implement DDPM.negative_elbo, the negative ELBO of eq. (14) of Ho et al. (2020) by Algorithm 1, "
            + "one value per sample, drawing its random numbers from random.Integers / random.Normal — see README.md, DtuDdpm.cs.");

    /// <inheritdoc />
    public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 004, exercise 3.4: implement DDPM.sample (Ho et al. 2020, Algorithm 2) with σ_t² = β_t, "
            + "x_T = noise.Latent(shape), z = noise.ForStep(t, shape) and no noise at t = 0 — see README.md, DtuDdpm.cs.");
}
