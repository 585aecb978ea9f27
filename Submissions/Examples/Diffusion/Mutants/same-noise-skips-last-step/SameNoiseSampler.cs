using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000 (Heidelberg, sheet 10), exercise 1 (c): the σ² = β̃ reverse process of 1 (a), but at each step one
/// noise vector is shared by all samples, so neighbouring latents stay neighbours.
/// </summary>
public sealed class SameNoiseSampler : ISameNoiseSampler
{
    public Tensor SampleSameNoise(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var noGrad = no_grad();
        int n = latents.size(0);
        int d = latents.size(1);
        int T = schedule.T;
        double[] alphaBar = AlphaBar(schedule.Betas);

        var trajectory = new List<Tensor> { latents };
        Tensor x = latents;
        // MUTANT: the loop stops at t = 1, so the last step (code index 0, the paper's t = 1, no noise) is never taken.
        for (int t = T - 1; t >= 1; t--)
        {
            double beta = schedule.Betas[t];
            double alpha = 1.0 - beta;
            double alphaBarT = alphaBar[t];
            double alphaBarPrev = t > 0 ? alphaBar[t - 1] : 1.0;

            Tensor epsHat = network.Forward(x, full([n], (float)t));
            Tensor x0Hat = (float)Math.Sqrt(1.0 / alphaBarT) * x - (float)Math.Sqrt(1.0 / alphaBarT - 1.0) * epsHat;
            double x0Coefficient = beta * Math.Sqrt(alphaBarPrev) / (1.0 - alphaBarT);
            double xtCoefficient = (1.0 - alphaBarPrev) * Math.Sqrt(alpha) / (1.0 - alphaBarT);
            Tensor mean = (float)x0Coefficient * x0Hat + (float)xtCoefficient * x;

            if (t > 0)
            {
                double posteriorVariance = beta * (1.0 - alphaBarPrev) / (1.0 - alphaBarT);
                // one noise vector [1, d] for the whole batch; broadcasting adds it to every sample
                Tensor z = noise.ForStep(t, [1, d]);
                x = mean + (float)Math.Sqrt(posteriorVariance) * z;
            }
            else
            {
                x = mean;
            }
            trajectory.Add(x);
        }
        return stack(trajectory.ToArray(), 0);
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
