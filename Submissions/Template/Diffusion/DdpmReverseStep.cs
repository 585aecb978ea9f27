using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Heidelberg ML for physicists, sheet 10, exercise 1 (a): one step of the notebook's reverse process.
/// The network takes the raw integer time step 0..T−1.
/// </summary>
public sealed class DdpmReverseStep : IReverseStep
{
    /// <inheritdoc />
    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network) =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (a): implement one reverse step (Ho et al. 2020, eqs. 6, 7 and 15): "
            + "x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ (no clipping), the posterior mean μ̃_t(x_t, x̂₀), "
            + "and x_{t−1} = μ̃_t + √β̃_t·z with no noise at t = 0 — see README.md, DdpmReverseStep.cs.");
}
