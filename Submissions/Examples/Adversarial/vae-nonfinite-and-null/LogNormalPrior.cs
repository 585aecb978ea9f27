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
        // ADVERSARIAL: a non-finite number where a KL divergence is due (NaN fails every comparison, so a check that
        // only asks "is it too far off?" would let it pass).
        return double.NaN;
    }

    public double NormalKl(double muQ, double sigmaQ, double muP, double sigmaP) => double.PositiveInfinity;
}
