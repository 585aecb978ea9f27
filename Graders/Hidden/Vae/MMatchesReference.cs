using Grader.Checks.Checking;
using Grader.Checks.Results;
using Grader.Contracts.Vae;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (b) (sheet 002): the hand-in's M_{μ,σ²}(z) equals z^σ·e^μ (or z^{−σ}·e^μ, the same law) on
/// <see cref="Calls"/> tensors z = exp(ε), ε ~ N(0, 1), with μ, σ and shapes drawn from the run's seed; tolerance as
/// <see cref="LogNormalMapComparison"/> with b = σ ln z. z^μ·e^σ (μ and σ swapped) is named.
/// </summary>
public sealed class MMatchesReference : ICheck
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;

    public string Id => "vae.tum.m-matches-reference";

    public string SheetRef => "sheet 002, P2 (b): M_{μ,σ²} turns z ~ log N(0, 1) into a sample of log N(μ, σ²)";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<ILogNormalTransformM>(context, out var handin) is { } unresolved) return unresolved;
        var g = context.NewGenerator();
        for (int c = 0; c < Calls; c++)
        {
            var (shape, epsilon) = LogNormalMapComparison.DrawEpsilon(g);
            var (mu, sigma) = LogNormalMapComparison.DrawParameters(g);
            var z = epsilon.Select(e => (float)Math.Exp(e)).ToArray();
            const string what = "M(z, mu, sigma)";
            if (call.Run(what, () => handin.M(tensor(z, shape), mu, sigma), out var result) is { } threw) return threw;
            if (call.Tensor(what, result, shape, "expected M(z) for each z, the shape of z") is { } bad) return bad;
            var b = z.Select(v => sigma * Math.Log(v)).ToArray();
            if (LogNormalMapComparison.Compare(call, what, result.ToArray(), b, mu, sigma, shape,
                    [(z.Select(v => Math.Pow(v, mu) * Math.Exp(sigma)).ToArray(), "Your M is z^μ·e^σ: μ and σ are swapped. ln M(z) must be N(μ, σ²) when ln z is N(0, 1).")],
                    "Match the CDFs: P(M(z) ≤ a) must equal the CDF of log N(μ, σ²) at a; ln M(z) must be N(μ, σ²) when ln z is N(0, 1).", out _) is { } failed) return failed;
        }
        return CheckResult.Pass(Id, $"M matches on {Calls} calls", SheetRef);
    }
}
