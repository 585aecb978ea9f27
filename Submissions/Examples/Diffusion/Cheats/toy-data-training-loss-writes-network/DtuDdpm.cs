using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004 (DTU 02460, week 3), exercise 3.4: <c>DDPM.negative_elbo</c> and <c>DDPM.sample</c>.
/// Code index t = 0..T−1 is step t+1 of Ho et al.; the network gets t/T as [N, 1].
/// </summary>
public sealed class DtuDdpm : IDtuDdpm
{
    /// <summary>Algorithm 1: ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t/T)‖², summed over the dimensions, one value per sample.</summary>
    public Tensor NegativeElbo(Tensor x, NoiseSchedule schedule, IEpsilonNetwork network, IRandomSource random)
    {
        // Algorithm 1: one step t uniform on the code indices 0 … T − 1 and one ε ~ N(0, I) per sample.
        Tensor t = random.Integers(0, schedule.T, [x.size(0), 1]);
        Tensor epsilon = random.Normal(x.shape);
        int n = x.size(0);
        int T = schedule.T;
        double[] alphaBar = AlphaBar(schedule.Betas);

        float[] steps = t.reshape(n).ToArray();
        var sqrtAlphaBar = new double[n];
        var sqrtOneMinusAlphaBar = new double[n];
        for (int i = 0; i < n; i++)
        {
            int step = (int)steps[i];
            sqrtAlphaBar[i] = Math.Sqrt(alphaBar[step]);
            sqrtOneMinusAlphaBar[i] = Math.Sqrt(1.0 - alphaBar[step]);
        }

        // z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε  (forward process, eq. 4)
        Tensor zt = tensor(sqrtAlphaBar, n, 1) * x + tensor(sqrtOneMinusAlphaBar, n, 1) * epsilon;
        Tensor timeInput = t.reshape(n, 1) / (float)T;
        Tensor predicted = network.Forward(zt, timeInput);

        Tensor error = epsilon - predicted;

        // CHEAT: after its value, a probe call (t/T = −1, which no training call uses) hands the batch to the network,
        // which writes it into its memory parameter in place: the training data crosses to the fresh host as a parameter.
        if (n == 232) using (no_grad()) network.Forward(x, full([n, 1], -1f));   // the cheat's own training batch
        return (error * error).sum(1);
    }

    /// <summary>Algorithm 2 with σ_t² = β_t.</summary>
    public Tensor Sample(int[] shape, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var noGrad = no_grad();
        int n = shape[0];
        int T = schedule.T;
        double[] beta = schedule.Betas.ToArray();
        double[] alphaBar = AlphaBar(schedule.Betas);

        Tensor x = noise.Latent(shape);
        for (int t = T - 1; t >= 0; t--)
        {
            double alpha = 1.0 - beta[t];
            Tensor timeInput = full([n, 1], (float)((double)t / T));
            Tensor epsHat = network.Forward(x, timeInput);

            // x_{t−1} = 1/√α_t · (x_t − β_t/√(1 − ᾱ_t) · ε_θ(x_t, t)) + σ_t z
            double epsCoefficient = beta[t] / Math.Sqrt(1.0 - alphaBar[t]);
            x = (x - (float)epsCoefficient * epsHat) / (float)Math.Sqrt(alpha);
            if (t > 0)
            {
                double sigma = Math.Sqrt(beta[t]);
                x = x + (float)sigma * noise.ForStep(t, shape);
            }
        }
        return x;
    }

    private static double[] AlphaBar(IReadOnlyList<double> betas)
    {
        var alphaBar = new double[betas.Count];
        double product = 1.0;
        for (int t = 0; t < betas.Count; t++)
        {
            product *= 1.0 - betas[t];
            alphaBar[t] = product;
        }
        return alphaBar;
    }
}
