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
    public TrainingSettings Settings() =>
        throw new NotImplementedException(
            "Sheet 004, exercise 3.5: choose the learning rate and batch size for training on the images (the sheet's hint: "
            + "\"change the batch size to, e.g., 64\"); the grader trains your DtuTrainingParts.Model with your NegativeElbo with them — see README.md, MnistDdpm.cs.");

    /// <summary>
    /// Exercise 3.5 at home: the sheet's transform (given by the sheet: dequantise, pixel + u/255 with u ~ U(0, 1); map to
    /// [−1, 1] by (x − 0.5)·2; flatten), then ddpm.py's train loop over exercise 3.4's parts with <see cref="Settings"/>
    /// (DtuTrainingParts.TrainAtHome), the same loop the grader runs. <paramref name="images"/> are [N, rows, columns] in
    /// [0, 1] as ToTensor() gives them. Returns the losses, to plot; sample from the network with <see cref="SampleImages"/>.
    /// </summary>
    public static List<double> TrainAtHome(Tensor images, NoiseSchedule schedule, int steps, Generator generator)
    {
        int n = images.size(0), d = images.size(1) * images.size(2);
        Tensor data = (images.reshape(n, d) + rand([n, d], generator) / 255f - 0.5f) * 2f;
        return DtuTrainingParts.TrainAtHome(data, schedule, steps, generator, new MnistDdpm().Settings());
    }
}
