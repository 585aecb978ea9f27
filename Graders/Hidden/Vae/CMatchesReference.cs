using Grader.Contracts.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (c) (sheet 002): the hand-in's C_{μ,σ²}(ε) equals exp(σε + μ) (or exp(μ − σε), the same law) on
/// <see cref="Calls"/> tensors of ε ~ N(0, 1), with μ, σ and shapes drawn from the run's seed; tolerance as
/// <see cref="LogNormalMapComparison"/> with b = σε. exp(σ + με) and exp(σ²ε + μ) are named. Every run has σ far from 1,
/// μ far from σ and μ far from 0 (<see cref="CaseClasses"/>, calls 0 and 1 of <see cref="LogNormalMapComparison.DrawCall"/>;
/// the earlier draw made them almost sure, not certain).
/// </summary>
public sealed class CMatchesReference() : LogNormalMapCheck<ILogNormalTransformC>("vae.tum.c-matches-reference", $"C matches on {Calls} calls")
{
    protected override CheckResult? Call(HandinCall call, ILogNormalTransformC handin, LogNormalMapComparison.MapCase drawn)
    {
        var (shape, epsilon, mu, sigma) = drawn;
        const string what = "C(epsilon, mu, sigma)";
        var b = epsilon.Select(e => sigma * e).ToArray();
        return LogNormalMapComparison.CallAndCompare(call, what, () => handin.C(tensor(epsilon, shape), mu, sigma), "expected C(ε) for each ε, the shape of epsilon", b, mu, sigma, shape,
                [
                    (epsilon.Select(e => Math.Exp(sigma + mu * e)).ToArray(), "Your C is exp(σ + με): μ and σ are swapped. C = M_{μ,σ²} ∘ T."),
                    (epsilon.Select(e => Math.Exp(sigma * sigma * e + mu)).ToArray(), "Your C is exp(σ²ε + μ): the distribution log N(μ, σ²) has standard deviation σ in log space, so ε is scaled by σ, not σ²."),
                ],
                "Compose the maps of (a) and (b): C_{μ,σ²} = M_{μ,σ²} ∘ T.", out _);
    }
}
