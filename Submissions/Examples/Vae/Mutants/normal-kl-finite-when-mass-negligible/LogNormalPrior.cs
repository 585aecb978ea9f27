using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// P2 (d): with a log-normal q, ln z maps q and p to N(μ_q, σ_q²) and N(μ_p, σ_p²), and the KL does not change under
/// the bijection: ln(σ_p/σ_q) + (σ_q² + (μ_q − μ_p)²)/(2σ_p²) − ½. With a normal q, q gives z ≤ 0 positive mass where
/// p(z) = 0, so the KL is +∞.
/// </summary>
public sealed class LogNormalPrior : ILogNormalPrior
{
    public double LogNormalKl(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        double d = muQ - muP;
        return Math.Log(sigmaP / sigmaQ) + (sigmaQ * sigmaQ + d * d) / (2 * sigmaP * sigmaP) - 0.5;
    }

    // MUTANT: +∞ only where q's mass below 0 is visible (μ_q < 4.75·σ_q, mass above 1e-6); else the log-normal formula, as if z ≤ 0 never happened
    public double NormalKl(double muQ, double sigmaQ, double muP, double sigmaP) =>
        muQ < 4.75 * sigmaQ ? double.PositiveInfinity : LogNormalKl(muQ, sigmaQ, muP, sigmaP);
}
