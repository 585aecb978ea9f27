using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Vae;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (a) (sheet 002): the hand-in's T equals exp(ε) (or exp(−ε), which gives the same law) on
/// <see cref="Calls"/> tensors of ε ~ N(0, 1) of shapes drawn from the run's seed; tolerance as
/// <see cref="LogNormalMapComparison"/>. The normal density's shape exp(−ε²/2) is named.
/// </summary>
public sealed class TMatchesReference : ICheck
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;

    public string Id => "vae.tum.t-matches-reference";

    public string SheetRef => "sheet 002, P2 (a): T turns ε ~ N(0, 1) into a sample of log N(0, 1)";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<ILogNormalTransformT>(context, out var handin) is { } unresolved) return unresolved;
        var g = context.NewGenerator();
        for (int c = 0; c < Calls; c++)
        {
            var (shape, epsilon) = LogNormalMapComparison.DrawEpsilon(g);
            const string what = "T(epsilon)";
            if (call.Run(what, () => handin.T(tensor(epsilon, shape)), out var result) is { } threw) return threw;
            if (call.Tensor(what, result, shape, "expected T(ε) for each ε, the shape of epsilon") is { } bad) return bad;
            var b = epsilon.Select(e => (double)e).ToArray();
            if (LogNormalMapComparison.Compare(call, what, result.ToArray(), b, 0, 1, shape,
                    [(b.Select(e => Math.Exp(-e * e / 2)).ToArray(), "Your T is exp(−ε²/2), the shape of the normal density: T must map ε to z so that the CDFs match, P(T(ε) ≤ z) = Q(z).")],
                    "Match the CDFs: P(T(ε) ≤ z) must equal the log-normal CDF Q(z) for every z > 0.", out _) is { } failed) return failed;
        }
        return CheckResult.Pass(Id, $"T matches on {Calls} calls", SheetRef);
    }
}
