using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Heidelberg ML for physicists, sheet 10, exercise 1 (d): one step of DDIM (Song, Meng and Ermon 2021, §4).
/// </summary>
public sealed class DdimReverseStep : IDdimStep
{
    /// <inheritdoc />
    public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network) =>
        throw new NotImplementedException(
            "Heidelberg sheet 10, exercise 1 (d): implement one DDIM step (Song et al. 2021, eq. 12 with σ_t(η) from eq. 16, in DDPM's ᾱ notation; "
            + "ᾱ_{t−1} = 1 at t = 0) — see README.md, DdimReverseStep.cs.");
}
