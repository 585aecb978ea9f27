using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 001 (Heidelberg, sheet 10), exercise 1 (f): the notebook's processes on image batches [N, C, H, W]. The
/// network works in [−1, 1]; the images are mapped back to [0, 1] for display. Self-contained, like every file of this
/// example (it repeats the steps of 1 (a), (c) and (d) on images rather than calling the point samplers).
/// </summary>
public sealed class ImageDiffusion : IImageDiffusion
{
    public Tensor SampleImages(int count, int channels, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        int[] shape = [count, channels, rows, columns];
        return ToDisplay(Posterior(noise.Latent(shape), schedule, network, t => noise.ForStep(t, shape)));
    }

    public Tensor InterpolateImages(Tensor from, Tensor to, int count, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        var latents = new List<Tensor>();
        for (int i = 0; i < count; i++)
        {
            double lambda = Math.Pow((double)i / (count - 1), 2);   // MUTANT: λ = (i/(N − 1))², both ends kept but the points not evenly spaced
            latents.Add(from + (float)lambda * (to - from));
        }

        // The process of 1 (c): one noise image per step, shared by every point of the interpolation.
        int[] single = [1, .. from.shape];
        return ToDisplay(Posterior(stack(latents.ToArray(), 0), schedule, network, t => noise.ForStep(t, single)));
    }

    public Tensor SampleImagesDdim(int count, int channels, int rows, int columns, double eta, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var noGrad = no_grad();
        int[] shape = [count, channels, rows, columns];
        double[] alphaBar = AlphaBar(schedule.Betas);
        Tensor x = noise.Latent(shape);
        for (int t = schedule.T - 1; t >= 0; t--)
        {
            double alphaBarT = alphaBar[t];
            double alphaBarPrev = t > 0 ? alphaBar[t - 1] : 1.0;
            double sigma = eta * Math.Sqrt((1.0 - alphaBarPrev) / (1.0 - alphaBarT)) * Math.Sqrt(1.0 - alphaBarT / alphaBarPrev);
            Tensor epsHat = network.Forward(x, full([count], (float)t));
            Tensor x0Hat = (x - (float)Math.Sqrt(1.0 - alphaBarT) * epsHat) / (float)Math.Sqrt(alphaBarT);
            Tensor next = (float)Math.Sqrt(alphaBarPrev) * x0Hat + (float)Math.Sqrt(Math.Max(1.0 - alphaBarPrev - sigma * sigma, 0.0)) * epsHat;
            x = sigma > 0 ? next + (float)sigma * noise.ForStep(t, shape) : next;
        }

        return ToDisplay(x);
    }

    /// <summary>The reverse process of 1 (a) (posterior mean and variance β̃) from <paramref name="latents"/>, the noise of step t from <paramref name="stepNoise"/>.</summary>
    private static Tensor Posterior(Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, Func<int, Tensor> stepNoise)
    {
        using var noGrad = no_grad();
        int n = latents.size(0);
        double[] alphaBar = AlphaBar(schedule.Betas);
        Tensor x = latents;
        for (int t = schedule.T - 1; t >= 0; t--)
        {
            double beta = schedule.Betas[t];
            double alphaBarT = alphaBar[t];
            double alphaBarPrev = t > 0 ? alphaBar[t - 1] : 1.0;
            Tensor epsHat = network.Forward(x, full([n], (float)t));
            Tensor x0Hat = (float)Math.Sqrt(1.0 / alphaBarT) * x - (float)Math.Sqrt(1.0 / alphaBarT - 1.0) * epsHat;
            double x0Coefficient = beta * Math.Sqrt(alphaBarPrev) / (1.0 - alphaBarT);
            double xtCoefficient = (1.0 - alphaBarPrev) * Math.Sqrt(1.0 - beta) / (1.0 - alphaBarT);
            Tensor mean = (float)x0Coefficient * x0Hat + (float)xtCoefficient * x;
            x = t > 0 ? mean + (float)Math.Sqrt(beta * (1.0 - alphaBarPrev) / (1.0 - alphaBarT)) * stepNoise(t) : mean;
        }

        return x;
    }

    /// <summary>From the network's [−1, 1] back to the pixel values [0, 1] shown.</summary>
    private static Tensor ToDisplay(Tensor x) => ((x + 1f) / 2f).clamp(0f, 1f);

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
