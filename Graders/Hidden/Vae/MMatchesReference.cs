using Grader.Contracts.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (b) (sheet 002): the hand-in's M_{μ,σ²}(z) equals z^σ·e^μ (or z^{−σ}·e^μ, the same law) on
/// <see cref="Calls"/> tensors z = exp(ε), ε ~ N(0, 1), with μ, σ and shapes drawn from the run's seed; tolerance as
/// <see cref="LogNormalMapComparison"/> with b = σ ln z. z^μ·e^σ (μ and σ swapped) is named. Every run has μ far from σ,
/// σ far from 1 and μ far from 0 (<see cref="CaseClasses"/>, calls 0 and 1 of <see cref="LogNormalMapComparison.DrawCall"/>,
/// with ln z = ε; the earlier draw made them almost sure, not certain).
/// </summary>
public sealed class MMatchesReference() : LogNormalMapCheck<ILogNormalTransformM>("vae.tum.m-matches-reference", $"M matches on {Calls} calls")
{
    protected override CheckResult? Call(HandinCall call, ILogNormalTransformM handin, LogNormalMapComparison.MapCase drawn)
    {
        var (shape, epsilon, mu, sigma) = drawn;
        var z = epsilon.Select(e => (float)Math.Exp(e)).ToArray();
        const string what = "M(z, mu, sigma)";
        var b = z.Select(v => sigma * Math.Log(v)).ToArray();
        return LogNormalMapComparison.CallAndCompare(call, what, () => handin.M(tensor(z, shape), mu, sigma), "expected M(z) for each z, the shape of z", b, mu, sigma, shape,
                [(z.Select(v => Math.Pow(v, mu) * Math.Exp(sigma)).ToArray(), "Your M is z^μ·e^σ: μ and σ are swapped. ln M(z) must be N(μ, σ²) when ln z is N(0, 1).")],
                "Match the CDFs: P(M(z) ≤ a) must equal the CDF of log N(μ, σ²) at a; ln M(z) must be N(μ, σ²) when ln z is N(0, 1).", out _);
    }
}
