using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 001 (Heidelberg, sheet 10), exercise 1 (f), bonus: the processes of (a)–(d) on image data. Images are batches
/// [N, C, H, W]; the grader's network works on images in [−1, 1] with the raw integer step t; the images you return are
/// the ones you would display.
/// </summary>
public sealed class ImageDiffusion : IImageDiffusion
{
    /// <inheritdoc />
    public Tensor SampleImages(int count, int channels, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 001, exercise 1 (f): the reverse process of (a) on images, x_T = noise.Latent([count, channels, rows, columns]), "
            + "z = noise.ForStep(t, [count, channels, rows, columns]); return the images to display — see README.md, ImageDiffusion.cs.");

    /// <inheritdoc />
    public Tensor InterpolateImages(Tensor from, Tensor to, int count, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 001, exercise 1 (f): the interpolation of (b) between two image latents through the process of (c), "
            + "z = noise.ForStep(t, [1, channels, rows, columns]); return the images to display — see README.md, ImageDiffusion.cs.");

    /// <inheritdoc />
    public Tensor SampleImagesDdim(int count, int channels, int rows, int columns, double eta, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 001, exercise 1 (f): the DDIM process of (d) on images, x_T = noise.Latent([count, channels, rows, columns]); "
            + "return the images to display — see README.md, ImageDiffusion.cs.");
}
