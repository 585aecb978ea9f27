using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.5: the DDPM of exercise 3.4 on MNIST. The network sees the images as the
/// sheet's transform leaves them, flattened to [N, rows·columns], and the time step as t/T with shape [N, 1].
/// </summary>
public sealed class MnistDdpm : IMnistDdpm
{
    /// <inheritdoc />
    public Tensor SampleImages(int count, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 004, exercise 3.5: sample images with the DDPM of exercise 3.4, x_T = noise.Latent([count, rows·columns]), "
            + "z = noise.ForStep(t, [count, rows·columns]), and return them as images to display, [count, rows, columns] — see README.md, MnistDdpm.cs.");

    /// <inheritdoc />
    public IEpsilonNetwork Train(Tensor images, NoiseSchedule schedule, int steps, Generator generator) =>
        throw new NotImplementedException(
            "Sheet 004, exercise 3.5: learn a DDPM on the images with the training of exercise 3.4 (Algorithm 1) for `steps` optimiser steps, "
            + "the images put through the sheet's transform, and return the ε-network (flattened images, t/T as [N, 1]) — see README.md, MnistDdpm.cs.");
}
