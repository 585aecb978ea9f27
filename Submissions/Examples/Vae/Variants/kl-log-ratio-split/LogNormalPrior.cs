using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// P2 (d): with a log-normal q, ln z maps q and p to N(μ_q, σ_q²) and N(μ_p, σ_p²), and the KL does not change under
/// the bijection: ln σ_p − ln σ_q + ½[(σ_q/σ_p)² + ((μ_q − μ_p)/σ_p)² − 1], the ratios taken before squaring. With a
/// normal q, q gives z ≤ 0 positive mass where p(z) = 0, so the KL is +∞.
/// </summary>
public sealed class LogNormalPrior : ILogNormalPrior
{
    public double LogNormalKl(double muQ, double sigmaQ, double muP, double sigmaP)
    {
        double ratio = sigmaQ / sigmaP, shift = (muQ - muP) / sigmaP;
        return Math.Log(sigmaP) - Math.Log(sigmaQ) + 0.5 * (ratio * ratio + shift * shift - 1);
    }

    public double NormalKl(double muQ, double sigmaQ, double muP, double sigmaP) => double.PositiveInfinity;
}
