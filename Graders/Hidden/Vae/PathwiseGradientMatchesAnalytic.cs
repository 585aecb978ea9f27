using Grader.Contracts.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (c)–(d) (sheet 002): the hand-in's pathwise gradients of C_{μ,σ²}(εᵢ) = exp(μ + sσεᵢ) equal the
/// analytic ∂C/∂μ = C and ∂C/∂σ = sεᵢ·C (s = ±1, the sign the hand-in's own C uses, found by
/// <see cref="LogNormalMapComparison"/>), on <see cref="Calls"/> tensors of ε with μ, σ and shapes drawn from the run's
/// seed. Tolerance: that of C (<see cref="LogNormalMapComparison.Tolerance"/>) times (1 + |εᵢ|), plus u·|value| for the
/// product. A gradient that is 0 (σ or μ not reaching the sample) is named. Every run has σ far from 1 and ε of both
/// signs (<see cref="CaseClasses"/>, calls 0 and 1 of <see cref="LogNormalMapComparison.DrawCall"/>).
/// </summary>
public sealed class PathwiseGradientMatchesAnalytic() : DrawnCallsCheck<ILogNormalTransformC, LogNormalMapComparison.MapCase>(
    "vae.tum.pathwise-gradient-matches-analytic",
    Calls, $"The pathwise gradients match on {Calls} calls", LogNormalMapComparison.DrawCall, Classes)
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;

    private const double U = 1.0 / (1 << 24);

    /// <summary>
    /// The inputs that tell ∂C/∂σ = sεC from its near misses: σ far from 1 (the gradient for ln σ, σ·sεC, off by
    /// |σ − 1|·|ε|·C ≥ 0.3·C at the constructed element) and ε of each sign (|ε|·C, right only where sε &gt; 0: a hand-in
    /// whose C is exp(μ + σε) is caught at ε &lt; 0, one whose C is exp(μ − σε) at ε &gt; 0).
    /// </summary>
    public static CaseClasses<LogNormalMapComparison.MapCase> Classes { get; } = new(
        new CaseClass<LogNormalMapComparison.MapCase>("sigma-far-from-one",
            "the gradient for ln σ (σ·εC, as autograd gives with ln σ as the leaf), equal to ∂C/∂σ at σ = 1",
            k => k.Epsilon.Any(e => Math.Abs((k.Sigma - 1) * e) >= 0.2)),
        new CaseClass<LogNormalMapComparison.MapCase>("negative-epsilon",
            "∂C/∂σ with the sign of ε lost (|ε|·C, as exp(ln|ε| + ln C) in log space): right where ε > 0 for C = exp(μ + σε)",
            k => k.Epsilon.Any(e => e <= -1)),
        new CaseClass<LogNormalMapComparison.MapCase>("positive-epsilon",
            "∂C/∂σ with the sign of ε lost: right where ε < 0 for the mirrored C = exp(μ − σε)",
            k => k.Epsilon.Any(e => e >= 1)));

    protected override CheckResult? Call(HandinCall call, ILogNormalTransformC handin, LogNormalMapComparison.MapCase drawn)
    {
        var (shape, epsilon, mu, sigma) = drawn;
        var b = epsilon.Select(e => sigma * e).ToArray();
        if (LogNormalMapComparison.CallAndCompare(call, "C(epsilon, mu, sigma)", () => handin.C(tensor(epsilon, shape), mu, sigma), null, b, mu, sigma, shape, [], "C itself is wrong (see P2 (c)); its gradients cannot be checked.", out var s) is { } failedC) return failedC;
        const string what = "PathwiseGradient(epsilon, mu, sigma)";
        if (call.Run(what, () => handin.PathwiseGradient(tensor(epsilon, shape), mu, sigma), out var gradient) is { } threw) return threw;
        if (gradient is null) return call.Fail($"{what} returned null; expected ∂C/∂μ and ∂C/∂σ per sample.");
        if (call.Tensor(what + ".Mu", gradient.Mu, shape, "expected ∂C(εᵢ)/∂μ per sample, the shape of epsilon") is { } badMu) return badMu;
        if (call.Tensor(what + ".Sigma", gradient.Sigma, shape, "expected ∂C(εᵢ)/∂σ per sample, the shape of epsilon") is { } badSigma) return badSigma;
        float[] dMu = gradient.Mu.ToArray(), dSigma = gradient.Sigma.ToArray();
        for (int i = 0; i < epsilon.Length; i++)
        {
            double value = Math.Exp(s * b[i] + mu), tolerance = LogNormalMapComparison.Tolerance(s * b[i], mu, sigma) * (1 + Math.Abs(epsilon[i]));
            double expectedMu = value, expectedSigma = s * epsilon[i] * value;
            if (!(Math.Abs(dMu[i] - expectedMu) <= tolerance + U * Math.Abs(expectedMu)))
                return Fail(call, "∂C/∂μ", i, shape, expectedMu, dMu[i], tolerance, "∂C/∂μ = C(ε): μ shifts ln C one for one.");
            if (!(Math.Abs(dSigma[i] - expectedSigma) <= tolerance + U * Math.Abs(expectedSigma)))
                return Fail(call, "∂C/∂σ", i, shape, expectedSigma, dSigma[i], tolerance, "∂C/∂σ = ε·C(ε): the sample depends on σ through σε.");
        }
        return null;
    }

    private static CheckResult Fail(HandinCall call, string which, int i, int[] shape, double expected, float seen, double tolerance, string hint)
    {
        var named = seen == 0 && expected != 0 ? " Your gradient is 0: the parameter does not reach the sample in your computation graph (is it a constant, or detached?)." : " " + hint;
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{which} differs at {HandinCall.Index(i, shape)}: expected {expected:G7}, seen {seen:G7} (tolerance {tolerance:G2}).{named}"),
            expected: expected.ToString("G7", CultureInfo.InvariantCulture), seen: seen.ToString("G7", CultureInfo.InvariantCulture));
    }
}
