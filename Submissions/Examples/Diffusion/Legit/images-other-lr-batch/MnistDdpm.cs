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

        Tensor x = noise.Latent(shape);
        for (int t = T - 1; t >= 0; t--)
        {
            Tensor epsHat = network.Forward(x, full([count, 1], (float)((double)t / T)));
            x = (x - (float)(beta[t] / Math.Sqrt(1.0 - alphaBar[t])) * epsHat) / (float)Math.Sqrt(1.0 - beta[t]);
            if (t > 0) x = x + (float)Math.Sqrt(beta[t]) * noise.ForStep(t, shape);
        }

        // The sheet: "Remember to transform the pixel values back to [0, 1] before displaying samples."
        Tensor pixels = (x / 2f + 0.5f).clamp(0f, 1f);
        return pixels.reshape(count, rows, columns);
    }

    /// <summary>
    /// The settings for images (a legitimate choice, Legit/README.md): Adam at 2e−3 and a batch of 128, within the
    /// grader's bounds, where ddpm.py uses 1e−3 and the sheet suggests "change the batch size to, e.g., 64". The grader trains exercise 3.4's parts (DtuTrainingParts.Model with d = rows·columns, DtuDdpm.NegativeElbo as
    /// the loss) with these on the images after the sheet's transform; at home, that loop is DtuTrainingParts.TrainAtHome
    /// with these settings on the transformed images (not called here, so this file stays self-contained).
    /// </summary>
    public TrainingSettings Settings() => new(2e-3, 128);
}
