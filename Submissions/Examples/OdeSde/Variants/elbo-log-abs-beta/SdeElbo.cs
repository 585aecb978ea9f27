using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 2.1–2.5: <c>SDE.ipynb</c>'s <c>compute_elbo_sde</c>, one value per example. With x₁ ~ q₁(·|y),
/// x₀ ~ q₀(·|y), t ~ U(0, 1) and x_t ~ q_t(·|y) (one draw each per example, by reparameterisation),
/// ELBO(y) = log N(y; x₁, β²) − [log q₀(x₀|y) − log p₀(x₀)] − ½(f(x_t, t) − g(x_t, t))²/σ²(x_t, t), where
/// g = ∂α/∂t + (∂β/∂t)(x − α)/β + ½∂σ²/∂x + ½σ²·s and s = −(x − α)/β² is the score of q_t.
/// </summary>
public sealed class SdeElbo : ISdeElbo
{
    private static readonly float LogTwoPi = (float)Math.Log(2 * Math.PI);

    public SdeElboTerms Elbo(Tensor y, IDifferentiableNetwork drift, IDifferentiableNetwork diffusion, IDifferentiableNetwork alpha,
        IDifferentiableNetwork beta, double likelihoodStd, IElboNoiseSource noise)
    {
        int n = y.size(0);
        int[] shape = [n, 1];
        Tensor t = noise.Times(shape);

        // Likelihood term: log N(y; x₁, β²), x₁ ~ q₁(x₁ | y).
        Tensor one = ones_like(y);
        Tensor x1 = alpha.Forward(y, one) + beta.Forward(y, one) * noise.NoiseAtOne(shape);
        float variance = (float)(likelihoodStd * likelihoodStd);
        Tensor likelihood = ((y - x1) * (y - x1) / variance + (float)Math.Log(variance) + LogTwoPi) * -0.5f;

        // Prior (KL) term: log q₀(x₀ | y) − log N(x₀; 0, 1), x₀ ~ q₀(x₀ | y).
        Tensor zero = zeros_like(y);
        Tensor alpha0 = alpha.Forward(y, zero);
        Tensor beta0 = beta.Forward(y, zero);
        Tensor x0 = alpha0 + beta0 * noise.NoiseAtZero(shape);
        Tensor logQ0 = ((x0 - alpha0) / beta0).pow(2) * -0.5f - beta0.abs().log() - 0.5f * LogTwoPi;  // ½ ln β² = ln |β|
        Tensor logP0 = x0 * x0 * -0.5f - 0.5f * LogTwoPi;
        Tensor kl = logQ0 - logP0;

        // Drift matching term at x_t ~ q_t(x_t | y).
        Tensor alphaT = alpha.Forward(y, t);
        Tensor betaT = beta.Forward(y, t);
        Tensor xt = alphaT + betaT * noise.NoiseAtTime(shape);
        Tensor sigma = diffusion.Forward(xt, t);
        Tensor score = -(xt - alphaT) / (betaT * betaT);
        Tensor g = alpha.PartialT(y, t) + beta.PartialT(y, t) * (xt - alphaT) / betaT
            + sigma * diffusion.PartialX(xt, t) + sigma * sigma * 0.5f * score;
        Tensor difference = drift.Forward(xt, t) - g;
        Tensor driftMatching = difference * difference / (sigma * sigma) * 0.5f;

        Tensor elbo = likelihood - kl - driftMatching;
        return new SdeElboTerms(elbo.reshape(n), likelihood.reshape(n), kl.reshape(n), driftMatching.reshape(n));
    }
}
