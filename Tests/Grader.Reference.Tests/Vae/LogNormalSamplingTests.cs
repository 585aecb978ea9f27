using Grader.Metrics.Statistics;
using Grader.Reference.Vae;
using MathNet.Numerics.Distributions;

namespace Grader.Reference.Tests.Vae;

/// <summary>
/// TUM exam 2023, P2 (c): C_{μ,σ²} applied to standard normal draws follows log N(μ, σ²). The design of the
/// distribution check, tested on the reference and on the named wrong maps:
/// <list type="bullet">
/// <item><b>Test.</b> n = 10,000 draws ε ~ N(0, 1) (the grader's generator, rounded to float32), x = C(ε) in float32,
/// the one-sample Kolmogorov–Smirnov statistic D_n against the sheet's exact CDF Q_{μ,σ²}(a) = Φ((ln a − μ)/σ); fail
/// when D_n &gt; ε_DKW + δ.</item>
/// <item><b>False-fail rate ≤ 1e-6.</b> ε_DKW = √(ln(2/α)/(2n)) = 0.026935 at α = 1e-6 bounds P(D_n &gt; ε_DKW) for exact
/// samples (Dvoretzky–Kiefer–Wolfowitz–Massart). Rounding moves each ln xᵢ from σεᵢ + μ by at most
/// rᵢ = u·(2|σεᵢ| + |μ| + |σεᵢ + μ| + 4) + σ·u·|εᵢ| (C's bound plus the rounding of ε), so each CDF value by at most
/// rᵢ/(σ√(2π)) and D_n by at most δ = maxᵢ rᵢ/(σ√(2π)) (sorting is 1-Lipschitz in the sup norm); δ is computed from
/// the draws and is below 1e-6 here.</item>
/// <item><b>Power.</b> A map whose samples follow log N(μ_w, σ_w²) has exact distance D* = sup_t |Φ((t − μ_w)/σ_w) −
/// Φ((t − μ)/σ)| from the target; it fails unless its own empirical CDF strays by D* − ε_DKW − δ, which has probability
/// ≤ 2·exp(−2n(D* − ε_DKW − δ)²) (the false-pass rate, printed per map). At μ = 0.8, σ = 0.5 every named wrong map is
/// caught with false-pass rate below 1e-27 (the closest, σ read as the variance: D* = 0.083).</item>
/// </list>
/// </summary>
public sealed class LogNormalSamplingTests
{
    private const double U = 1.0 / (1 << 24);
    private const int N = 10_000;
    private const double Alpha = 1e-6;
    private const double Mu = 0.8, Sigma = 0.5;

    /// <summary>A map from ε to samples, and the log-normal its samples follow (μ_w, σ_w).</summary>
    public sealed record WrongMap(string Bug, Func<Tensor, Tensor> Map, double MuW, double SigmaW)
    {
        public override string ToString() => Bug;
    }

    public static IEnumerable<WrongMap> WrongMaps() =>
    [
        new("exp(σ + με): μ and σ swapped (also M = z^μ·e^σ)", e => (e * (float)Mu + (float)Sigma).exp(), Sigma, Math.Abs(Mu)),
        new("σ² for σ: exp(σ²ε + μ)", e => (e * (float)(Sigma * Sigma) + (float)Mu).exp(), Mu, Sigma * Sigma),
        new("σ read as the variance: exp(√σ·ε + μ)", e => (e * (float)Math.Sqrt(Sigma) + (float)Mu).exp(), Mu, Math.Sqrt(Sigma)),
        new("μ missing: exp(σε)", e => (e * (float)Sigma).exp(), 0, Sigma),
        new("σ missing: exp(ε + μ)", e => (e + (float)Mu).exp(), Mu, 1),
    ];

    private static double Cdf(double a, double mu, double sigma) => a <= 0 ? 0 : Normal.CDF(0, 1, (Math.Log(a) - mu) / sigma);

    /// <summary>D_n of C(ε) against Q_{μ,σ²}, and the threshold ε_DKW + δ for these draws.</summary>
    private static (double Statistic, double Threshold) Test(Func<Tensor, Tensor> map, int seed)
    {
        var eps = randn([N], new Generator(seed));
        var x = map(eps).ToDoubleArray();
        var e = eps.ToDoubleArray();
        double delta = 0;
        foreach (var ei in e)
        {
            var a = Sigma * ei;
            var r = U * (2 * Math.Abs(a) + Math.Abs(Mu) + Math.Abs(a + Mu) + 4) + Sigma * U * Math.Abs(ei);
            delta = Math.Max(delta, r / (Sigma * Math.Sqrt(2 * Math.PI)));
        }
        var (d, eps_, _) = Dkw.OneSample(x, a => Cdf(a, Mu, Sigma), Alpha);
        return (d, eps_ + delta);
    }

    /// <summary>The exact sup distance between the CDFs of log N(μ_w, σ_w²) and log N(μ, σ²), in log space, by a fine scan.</summary>
    private static double ExactDistance(double muW, double sigmaW)
    {
        double best = 0;
        for (int i = 0; i <= 400_000; i++)
        {
            var t = -10 + 20.0 * i / 400_000;
            best = Math.Max(best, Math.Abs(Normal.CDF(muW, sigmaW, t) - Normal.CDF(Mu, Sigma, t)));
        }
        return best;
    }

    [Test]
    public void The_threshold_is_the_DKW_envelope_plus_the_rounding_allowance()
    {
        Assert.That(Dkw.Epsilon(N, Alpha), Is.EqualTo(0.026935).Within(5e-6));
        var (_, threshold) = Test(e => LogNormalReparametrisation.C(e, Mu, Sigma), 1);
        TestContext.Out.WriteLine($"threshold {threshold:G6} = ε_DKW {Dkw.Epsilon(N, Alpha):G6} + δ {threshold - Dkw.Epsilon(N, Alpha):G3}");
        Assert.That(threshold - Dkw.Epsilon(N, Alpha), Is.InRange(0, 1e-5));
    }

    /// <summary>The reference passes on 100 independent seeds (each seed fails with probability ≤ 1e-6).</summary>
    [Test]
    public void The_reference_passes()
    {
        double worst = 0;
        for (int seed = 1; seed <= 100; seed++)
        {
            var (d, threshold) = Test(e => LogNormalReparametrisation.C(e, Mu, Sigma), seed);
            worst = Math.Max(worst, d / threshold);
            Assert.That(d, Is.LessThanOrEqualTo(threshold), $"seed {seed}: D_n {d:G4} > {threshold:G4}");
        }
        TestContext.Out.WriteLine($"largest D_n/threshold over 100 seeds: {worst:G3} (E[D_n] ≈ 0.87/√n = {0.87 / Math.Sqrt(N):G3}, threshold {Dkw.Epsilon(N, Alpha):G4})");
    }

    [TestCaseSource(nameof(WrongMaps))]
    public void A_wrong_map_fails_and_its_false_pass_rate_is_stated(WrongMap wrong)
    {
        // The map's samples really follow log N(μ_w, σ_w²) (else the stated D* would be wrong): a two-sided check at the same level.
        var eps = randn([N], new Generator(99));
        var own = Dkw.OneSample(wrong.Map(eps).ToDoubleArray(), a => Cdf(a, wrong.MuW, wrong.SigmaW), Alpha);
        Assert.That(own.Passed, $"{wrong}: its samples are not log N({wrong.MuW}, {wrong.SigmaW}²)");

        var (d, threshold) = Test(wrong.Map, 5);
        var exact = ExactDistance(wrong.MuW, wrong.SigmaW);
        var margin = exact - threshold;
        var falsePass = margin > 0 ? 2 * Math.Exp(-2 * N * margin * margin) : 1;
        TestContext.Out.WriteLine($"{wrong}: D* = {exact:G4}, D_n = {d:G4}, threshold {threshold:G4}, false-pass rate ≤ {falsePass:G3}");
        Assert.That(d, Is.GreaterThan(threshold), $"{wrong} passed");
        Assert.That(falsePass, Is.LessThan(1e-27), $"{wrong}: the design's power");
    }
}
