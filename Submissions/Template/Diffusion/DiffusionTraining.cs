using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// DTU week 3, exercise 3.4 (TwoGaussians and Chequerboard; Heidelberg's V is trained by the grader on DiffusionTrainingParts):
/// train an ε-network with Algorithm 1 of Ho et al. (2020).
/// </summary>
public sealed class DiffusionTraining : IDiffusionTraining
{
    /// <inheritdoc />
    public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator) =>
        throw new NotImplementedException(
            "DTU week 3, exercise 3.4: train an ε-network with Algorithm 1 of Ho et al. 2020 "
            + "(t ~ U{0..T−1}, ε ~ N(0, I), loss ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t/T)‖²), taking at most `steps` optimiser steps "
            + "and drawing every random number from `generator`; return a network that takes t/T as [N, 1] — see README.md, DiffusionTraining.cs.");
}
