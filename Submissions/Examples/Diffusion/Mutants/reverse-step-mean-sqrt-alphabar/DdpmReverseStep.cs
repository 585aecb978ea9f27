using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000 (Heidelberg, sheet 10), exercise 1 (a): one step of the notebook's reverse process,
/// posterior mean with the predicted x̂₀ and the posterior variance β̃_t. The network gets the raw step t as [N].
/// </summary>
public sealed class DdpmReverseStep : IReverseStep
{
    public Tensor ReverseStep(Tensor xt, int t, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        using var noGrad = no_grad();
        int n = xt.size(0);
        double beta = schedule.Betas[t];
        double alpha = 1.0 - beta;
        double[] alphaBar = AlphaBar(schedule.Betas);
        double alphaBarT = alphaBar[t];
        double alphaBarPrev = t > 0 ? alphaBar[t - 1] : 1.0;

        Tensor epsHat = network.Forward(xt, full([n], (float)t));

        // x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂   (eq. 15, no clipping)
        Tensor x0Hat = (float)Math.Sqrt(1.0 / alphaBarT) * xt - (float)Math.Sqrt(1.0 / alphaBarT - 1.0) * epsHat;

        // μ̃_t = β_t√ᾱ_{t−1}/(1 − ᾱ_t)·x̂₀ + (1 − ᾱ_{t−1})√α_t/(1 − ᾱ_t)·x_t   (eq. 7)
        double x0Coefficient = beta * Math.Sqrt(alphaBarPrev) / (1.0 - alphaBarT);
        // MUTANT: √ᾱ_t for √α_t, as sheet 002 typesets the posterior mean: off by the factor √ᾱ_{t−1}, invisible at the first steps.
        double xtCoefficient = (1.0 - alphaBarPrev) * Math.Sqrt(alphaBarT) / (1.0 - alphaBarT);
        Tensor mean = (float)x0Coefficient * x0Hat + (float)xtCoefficient * xt;

        if (t == 0) return mean;

        // σ_t² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t)
        double posteriorVariance = beta * (1.0 - alphaBarPrev) / (1.0 - alphaBarT);
        return mean + (float)Math.Sqrt(posteriorVariance) * z;
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
