using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Vae;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (c) (sheet 002): the hand-in's C_{μ,σ²}(ε) equals exp(σε + μ) (or exp(μ − σε), the same law) on
/// <see cref="Calls"/> tensors of ε ~ N(0, 1), with μ, σ and shapes drawn from the run's seed; tolerance as
/// <see cref="LogNormalMapComparison"/> with b = σε. exp(σ + με) and exp(σ²ε + μ) are named.
/// </summary>
public sealed class CMatchesReference : ICheck
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;

    public string Id => "vae.tum.c-matches-reference";

    public string SheetRef => "sheet 002, P2 (c): C_{μ,σ²} turns ε ~ N(0, 1) into a sample of log N(μ, σ²)";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<ILogNormalTransformC>(context, out var handin) is { } unresolved) return unresolved;
        var g = context.NewGenerator();
        for (int c = 0; c < Calls; c++)
        {
            var (shape, epsilon) = LogNormalMapComparison.DrawEpsilon(g);
            var (mu, sigma) = LogNormalMapComparison.DrawParameters(g);
            const string what = "C(epsilon, mu, sigma)";
            if (call.Run(what, () => handin.C(tensor(epsilon, shape), mu, sigma), out var result) is { } threw) return threw;
            if (call.Tensor(what, result, shape, "expected C(ε) for each ε, the shape of epsilon") is { } bad) return bad;
            var b = epsilon.Select(e => sigma * e).ToArray();
            if (LogNormalMapComparison.Compare(call, what, result.ToArray(), b, mu, sigma, shape,
                    [
                        (epsilon.Select(e => Math.Exp(sigma + mu * e)).ToArray(), "Your C is exp(σ + με): μ and σ are swapped. C = M_{μ,σ²} ∘ T."),
                        (epsilon.Select(e => Math.Exp(sigma * sigma * e + mu)).ToArray(), "Your C is exp(σ²ε + μ): the distribution log N(μ, σ²) has standard deviation σ in log space, so ε is scaled by σ, not σ²."),
                    ],
                    "Compose the maps of (a) and (b): C_{μ,σ²} = M_{μ,σ²} ∘ T.", out _) is { } failed) return failed;
        }
        return CheckResult.Pass(Id, $"C matches on {Calls} calls", SheetRef);
    }
}
