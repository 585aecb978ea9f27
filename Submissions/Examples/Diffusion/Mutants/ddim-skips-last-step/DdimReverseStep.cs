using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000 (Heidelberg, sheet 10), exercise 1 (d): one DDIM step (Song, Meng and Ermon 2021, eq. 12 with σ from
/// eq. 16). The paper's α_t is DDPM's ᾱ_t. The network gets the raw step t as [N].
/// </summary>
public sealed class DdimReverseStep : IDdimStep
{
    public Tensor DdimStep(Tensor xt, int t, double eta, Tensor z, NoiseSchedule schedule, IEpsilonNetwork network)
    {
        using var noGrad = no_grad();
        // MUTANT: at t = 0 the step is taken as already done: x_t comes back unchanged instead of x̂₀.
        if (t == 0) return xt;
        int n = xt.size(0);
        double[] alphaBar = AlphaBar(schedule.Betas);
        double alphaBarT = alphaBar[t];
        double alphaBarPrev = t > 0 ? alphaBar[t - 1] : 1.0;

        Tensor epsHat = network.Forward(xt, full([n], (float)t));

        // "predicted x₀" = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t
        Tensor x0Hat = (xt - (float)Math.Sqrt(1.0 - alphaBarT) * epsHat) / (float)Math.Sqrt(alphaBarT);

        // σ_t(η) = η·√((1 − ᾱ_{t−1})/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_{t−1})
        double sigma = eta * Math.Sqrt((1.0 - alphaBarPrev) / (1.0 - alphaBarT)) * Math.Sqrt(1.0 - alphaBarT / alphaBarPrev);

        // "direction pointing to x_t"; the max guards against a tiny negative from rounding when η = 1
        double directionCoefficient = Math.Sqrt(Math.Max(0.0, 1.0 - alphaBarPrev - sigma * sigma));

        Tensor xPrev = (float)Math.Sqrt(alphaBarPrev) * x0Hat + (float)directionCoefficient * epsHat;
        if (sigma > 0) xPrev = xPrev + (float)sigma * z;
        return xPrev;
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
