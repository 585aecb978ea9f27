using Grader.Contracts.Quickies;
using static Grader.Checks.Hidden.Quickies.LossComparison;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>
/// Quickie 3 (e), sheet 000, the normalizing flow: the hand-in's negative log-likelihood per example equals
/// ½‖z‖² + (D/2) ln 2π − log|det J| computed in double, on <see cref="Calls"/> calls with N ≤ 8, D ≤ 6, z N(0, 1.5²)
/// and log|det J| N(0, 1) drawn from the run's seed; the first call of every run has D ≥ 2 (<see cref="CaseClasses"/>). Scale ½‖z‖² + D + |log|det J||; terms = D + 2. A log-determinant
/// added instead of subtracted is named.
/// </summary>
public sealed class FlowLossMatches() : DrawnCallsCheck<IFlowLoss, FlowLossMatches.LatentCase>(
    "quickies.heidelberg.flow-loss-matches",
    Calls, $"The negative log-likelihood matches on {Calls} calls", Draw, Classes)
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 4;

    /// <summary>One call's inputs: N examples of D latent dimensions, and their log-determinants.</summary>
    public sealed record LatentCase(int N, int D, float[] Z, float[] LogDet);

    /// <summary>Call <paramref name="c"/>'s inputs: call 0 has D ≥ 2, the others D drawn freely on 1 … 6.</summary>
    public static LatentCase Draw(Generator g, int c)
    {
        ArgumentNullException.ThrowIfNull(g);
        int n = (int)g.NextInt(1, 9), d = (int)g.NextInt(c == 0 ? 2 : 1, 7);
        return new LatentCase(n, d, Normal(g, n * d, 1.5), Normal(g, n, 1));
    }

    /// <summary>The dimensions that tell the normaliser (D/2) ln 2π from the one-dimensional one.</summary>
    public static CaseClasses<LatentCase> Classes { get; } = new(
        new CaseClass<LatentCase>("several-latent-dimensions",
            "the normaliser ½ ln 2π of a one-dimensional Gaussian, not (D/2) ln 2π: equal when D = 1", l => l.D >= 2));

    protected override CheckResult? Call(HandinCall call, IFlowLoss handin, LatentCase drawn)
    {
        var (n, d, z, logDet) = drawn;
        double[] expected = new double[n], scale = new double[n], signFlipped = new double[n];
        for (int i = 0; i < n; i++)
        {
            double squares = 0;
            for (int j = 0; j < d; j++) squares += (double)z[i * d + j] * z[i * d + j];
            double baseTerm = 0.5 * squares + 0.5 * d * Math.Log(2 * Math.PI);
            expected[i] = baseTerm - logDet[i];
            signFlipped[i] = baseTerm + logDet[i];
            scale[i] = 0.5 * squares + d + Math.Abs(logDet[i]);
        }
        const string what = "NegativeLogLikelihood(z, logDetJacobian)";
        return CallAndCompare(call, what, () => handin.NegativeLogLikelihood(tensor(z, n, d), tensor(logDet, n)), [n], expected, scale, d + 2,
                [new Variant(signFlipped, "Your value adds log|det ∂f/∂x|: by the change of variables log p(x) = log p_z(f(x)) + log|det ∂f/∂x|, so the negative log-likelihood subtracts it.")],
                "The negative log-likelihood is −log N(f(x); 0, I) − log|det ∂f/∂x| per example.");
    }
}
