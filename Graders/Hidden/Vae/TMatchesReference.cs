using Grader.Contracts.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (a) (sheet 002): the hand-in's T equals exp(ε) (or exp(−ε), which gives the same law) on
/// <see cref="Calls"/> tensors of ε ~ N(0, 1) of shapes drawn from the run's seed; tolerance as
/// <see cref="LogNormalMapComparison"/>. The normal density's shape exp(−ε²/2) is named.
/// </summary>
public sealed class TMatchesReference() : RepeatedCallsCheck<ILogNormalTransformT>(
    "vae.tum.t-matches-reference",
    Calls, $"T matches on {Calls} calls")
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;

    protected override CheckResult? Call(HandinCall call, ILogNormalTransformT handin, Generator g, int c)
    {
        var (shape, epsilon) = LogNormalMapComparison.DrawEpsilon(g);
        const string what = "T(epsilon)";
        var b = epsilon.Select(e => (double)e).ToArray();
        return LogNormalMapComparison.CallAndCompare(call, what, () => handin.T(tensor(epsilon, shape)), "expected T(ε) for each ε, the shape of epsilon", b, 0, 1, shape,
                [(b.Select(e => Math.Exp(-e * e / 2)).ToArray(), "Your T is exp(−ε²/2), the shape of the normal density: T must map ε to z so that the CDFs match, P(T(ε) ≤ z) = Q(z).")],
                "Match the CDFs: P(T(ε) ≤ z) must equal the log-normal CDF Q(z) for every z > 0.", out _);
    }
}
