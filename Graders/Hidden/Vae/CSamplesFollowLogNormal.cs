using Grader.Contracts.Vae;
using Grader.Metrics.Statistics;
using MathNet.Numerics.Distributions;

namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// TUM exam 2023, P2 (c) (sheet 002): C_{μ,σ²} applied to <see cref="N"/> draws ε ~ N(0, 1) of the grader's generator
/// (seeded per run) follows log N(μ, σ²), μ uniform on [0.7, 1], σ on [0.4, 0.55] (drawn per run): the one-sample
/// Kolmogorov–Smirnov distance to the exact CDF Φ((ln a − μ)/σ) must stay below ε_DKW + δ, ε_DKW = √(ln(2/α)/(2n)) =
/// 0.0269 at α = 1e-6 (DKW–Massart: false-fail ≤ 1e-6 for a correct C), δ the float32 rounding of ln C(εᵢ) moved through
/// the CDF (the design of Tests/Grader.Reference.Tests/Vae/LogNormalSamplingTests.cs). Power: over these ranges the named
/// wrong maps exp(σ + με) and exp(σ²ε + μ) lie at KS distance ≥ 0.127 and ≥ 0.140 from the target (scanned on an 11 × 11
/// grid of (μ, σ)), so each passes with probability below 2·exp(−2n(0.127 − 0.027)²) &lt; 1e-80. The law earns credit only
/// with the computation: the same call's output must first be exp(±σεᵢ + μ) element by element
/// (<see cref="LogNormalMapComparison"/>), so a C that follows the law without being a map of each εᵢ (one that
/// standardises the batch of ε: <c>Submissions/Examples/Vae/Cheats/c-standardises-epsilon</c>) scores nothing here.
/// </summary>
public sealed class CSamplesFollowLogNormal() : HandinCheck<ILogNormalTransformC>(
    "vae.tum.c-samples-follow-log-normal")
{
    /// <summary>The number of draws.</summary>
    public const int N = 10_000;

    /// <summary>The false-fail rate of the test.</summary>
    public const double Alpha = 1e-6;

    private const double U = 1.0 / (1 << 24);

    protected override CheckResult Check(CheckContext context, HandinCall call, ILogNormalTransformC handin)
    {
        var g = context.NewGenerator();
        double mu = 0.7 + 0.3 * g.NextDouble(), sigma = 0.4 + 0.15 * g.NextDouble();
        var epsilon = Enumerable.Range(0, N).Select(_ => (float)g.NextNormal()).ToArray();
        const string what = "C(epsilon, mu, sigma)";
        if (call.Run(what, () => handin.C(tensor(epsilon, N), mu, sigma), out var result) is { } threw) return threw;
        if (call.Tensor(what, result, [N], "expected C(ε) for each ε, the shape of epsilon") is { } bad) return bad;
        var x = result.ToArray().Select(v => (double)v).ToArray();
        // The law earns credit only with the computation: the same call's samples must be C_{μ,σ²}(εᵢ) = exp(±σεᵢ + μ)
        // element by element, so a C that reshapes the batch (standardises it, sorts it, draws its own noise) and
        // still follows log N(μ, σ²) fails here.
        if (LogNormalMapComparison.Compare(call, what, result.ToArray(), epsilon.Select(e => sigma * e).ToArray(), mu, sigma, [N], [],
                "Each sample must be C_{μ,σ²} of its own εᵢ: a deterministic map of εᵢ alone, not of the batch, so that gradients can flow through the sampling.", out _) is { } notTheMap)
            return notTheMap;
        double delta = 0;
        foreach (var e in epsilon)
        {
            var a = sigma * e;
            var r = U * (2 * Math.Abs(a) + mu + Math.Abs(a + mu) + 4) + sigma * U * Math.Abs(e);
            delta = Math.Max(delta, r / (sigma * Math.Sqrt(2 * Math.PI)));
        }
        var (d, threshold, _) = Dkw.OneSample(x, a => a <= 0 ? 0 : Normal.CDF(mu, sigma, Math.Log(a)), Alpha);
        if (d <= threshold + delta)
            return CheckResult.Pass(Id, string.Create(CultureInfo.InvariantCulture, $"C's samples follow log N(μ, σ²): KS distance {d:G3} ≤ {threshold + delta:G3}"), SheetRef);
        return call.Fail(string.Create(CultureInfo.InvariantCulture,
            $"C(ε) for {N} draws ε ~ N(0, 1) does not follow log N(μ, σ²): the largest gap between their empirical CDF and the log-normal CDF is {d:G3} "
            + $"(a correct C stays below {threshold + delta:G3} except with probability 1e-6). ln C(ε) must be N(μ, σ²): mean μ, standard deviation σ."),
            expected: string.Create(CultureInfo.InvariantCulture, $"KS distance ≤ {threshold + delta:G3}"), seen: d.ToString("G3", CultureInfo.InvariantCulture));
    }
}
