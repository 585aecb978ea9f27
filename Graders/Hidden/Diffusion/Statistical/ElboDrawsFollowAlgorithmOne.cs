using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Contracts.Diffusion;
using Grader.Metrics.Statistics;
using MathNet.Numerics.Distributions;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 004, ex. 3.4, <c>DDPM.negative_elbo</c>: what the hand-in drew for Algorithm 1 — one t uniform on the code
/// indices 0 … T − 1 and one fresh ε ~ N(0, I) per sample — read off what the grader's ε-network received.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up</b> (from the run's seed): a linear schedule with T ∈ [200, 1000], β₁ ∈ [5e-5, 3e-4], β_T ∈ [0.01, 0.03];
/// N = 20,000 samples x = 1.5·randn of dimension d = 2; a fixed ε-network (time t/T) that records its inputs; the
/// hand-in's <c>NegativeElbo</c> draws from a <see cref="KeyedRandom"/> with a seed of the run. The time input τ of the
/// network's rows gives t = τ·T, and its z gives the noise used, ε = (z − √ᾱ_t·x)/√(1 − ᾱ_t) in double (a float32
/// hand-in's z carries ≲ 1e-3 of error into ε: ᾱ's running product is off by ≤ T·2⁻²⁴ relatively, divided by
/// √(1 − ᾱ_t) ≥ √β₁).
/// </para>
/// <para>
/// <b>Claims</b> (false-fail ≤ 1e-6 in all, Bonferroni): every t is a code index in 0 … T − 1 (deterministic); not all
/// the same (false fail T^(1−N)); both ends 0 and T − 1 occur (false fail ≤ 2(1 − 1/T)^N ≤ 2e⁻²⁰ = 4.2e-9); the empirical CDF of t is within the
/// DKW–Massart envelope of the discrete uniform law (α = 2e-7, ε ≈ 0.0201 at N = 20,000; valid for a discrete law); the N·d values
/// of ε pass the exact-Gaussian moment tests (mean, χ² variance band of <see cref="GaussianMoments.VarianceBand"/>,
/// KS against Φ at the DKW envelope; α = 1e-7 each, each band widened by the reconstruction error); per coordinate, the
/// correlation of ε between neighbouring samples, and the correlation between the first two coordinates, lie within
/// z/√N (two-sided normal z at 1e-7 each, 3 tests; 3e-7).
/// </para>
/// <para>
/// <b>Power</b> (deterministic given the draws): t on 1 … T − 1 or on 0 … T − 2 (one end never drawn) fails the
/// ends claim with certainty; one t for the whole batch puts the empirical CDF ≥ ½ − 1/T away from the uniform one
/// (30× the envelope); raw t fed to the network leaves 0 … T − 1; ε of scale 0.1 or 2 lies outside the variance band
/// [0.97, 1.03] by 30× its half-width; one ε for every sample makes the neighbour correlation ε₀² (≈ 1 against a
/// threshold of 0.04) and the pooled law two point masses; one ε per sample shared by its coordinates makes the
/// coordinate correlation 1.
/// </para>
/// <para>
/// <b>What a failure of ε's law blames</b> (<see cref="Factors"/>): the reconstruction of ε assumes the sheet's z_t, so
/// a wrong factor in z_t also looks like a wrong ε. Before blaming ε, the failure fits the factor of x in z_t (relative
/// to √ᾱ_t) and the power p of the noise part z_t − √ᾱ_t·x in (1 − ᾱ_t)^p; when the factor of x is off by more than
/// <see cref="FactorMargin"/> it names the data's factor, when p is (1 for the missing square root, mutant
/// <c>missing-sqrt</c>) it names the factor in front of ε, and only otherwise ε's scale or law.
/// </para>
/// </remarks>
public sealed class ElboDrawsFollowAlgorithmOne() : HandinCheck<IDtuDdpm>(
    "diffusion.dtu.negative-elbo-draws-follow-algorithm-1")
{
    /// <summary>Samples per run.</summary>
    public const int Samples = 20_000;

    /// <summary>The data dimension.</summary>
    public const int Dimension = 2;

    /// <summary>Level of the DKW test on t.</summary>
    public const double TimeAlpha = 2e-7;

    /// <summary>Level of the three tests on ε (mean, variance, law) together.</summary>
    public const double NoiseAlpha = 3e-7;

    /// <summary>Level of each correlation test (d neighbour correlations and one between coordinates).</summary>
    public const double CorrelationAlpha = 1e-7;

    /// <summary>Allowance for the float32 error in the reconstructed ε (see the remarks).</summary>
    public const double ReconstructionSlack = 1e-3;

    protected override CheckResult Check(CheckContext context, HandinCall call, IDtuDdpm ddpm)
    {
        var setup = new UnseenSetup(context.NewGenerator(0xE1B0));
        var spec = setup.Schedule(200, 1000, 0.01, 0.03);
        var schedule = spec.ToNoiseSchedule();
        var T = schedule.T;
        var network = new RecordingNetwork(setup.Network(Dimension, NetworkSpec.Normalised).Create(T));
        var x = (torch.randn([Samples, Dimension], new Generator(setup.Seed())) * 1.5f).ToArray();
        var random = new KeyedRandom(setup.Seed());
        const string what = "NegativeElbo(x, schedule, network, random)";
        if (call.Run(what, () => ddpm.NegativeElbo(torch.tensor(x, Samples, Dimension), schedule, network, random), out var result) is { } threw) return threw;
        if (call.Tensor(what, result, [Samples], "expected one value per sample, shape [N]") is { } bad) return bad;

        if (Inputs(network.Calls) is not { } seen)
            return call.Fail($"Your NegativeElbo did not evaluate ε_θ once on every sample (one row per sample of x, with its time t/T): Algorithm 1 feeds each sample's noised point and step to the network. Re-read {SheetRef}.");
        return Judge(call, seen.Z, seen.Tau, x, schedule);
    }

    /// <summary>Judges the network's inputs (z as [N·d] row-major, τ as [N]) for data x of a batch of <see cref="Samples"/> rows.</summary>
    public CheckResult Judge(HandinCall call, float[] z, float[] tau, float[] x, NoiseSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(schedule);
        int n = tau.Length, d = Dimension, T = schedule.T;
        var steps = new int[n];
        for (var i = 0; i < n; i++)
        {
            var k = (double)tau[i] * T;
            var rounded = Math.Round(k);
            if (!double.IsFinite(k) || Math.Abs(k - rounded) > 1e-3 * Math.Max(1, Math.Abs(k)) || rounded < 0 || rounded > T - 1)
            {
                var seen = rounded == T && Math.Abs(k - rounded) <= 1e-3 * T ? "t = T" : rounded > T ? "t > T" : rounded < 0 ? "t < 0" : "t not an integer";
                return call.Fail(
                    $"Your NegativeElbo fed the network a time t/T with {seen}, not a code index 0 … T − 1: Algorithm 1 draws t uniformly from the steps 1 … T of the paper, the code indices 0 … T − 1, and the network takes t/T. Re-read {SheetRef}.",
                    expected: "t/T with t an integer in 0 … T − 1", seen: seen) with { TutorDetail = $"T = {T}, sample {i}: t = {F(k)}" };
            }

            steps[i] = (int)rounded;
        }

        // t: both ends, and the empirical CDF against the discrete uniform law.
        var counts = new int[T];
        foreach (var s in steps) counts[s]++;
        if (counts.Count(c => c > 0) == 1)
            return call.Fail(
                $"Every sample got the same t (all {steps[0]}): Algorithm 1 draws t ~ Uniform({{1, …, T}}) for each sample, so a batch mixes all steps; draw one t per sample, not one per batch. Re-read {SheetRef}.",
                expected: "one t per sample", seen: "one t for the batch");
        if (counts[0] == 0 || counts[T - 1] == 0)
        {
            var missing = counts[0] == 0 ? "the first step (code index 0, the paper's t = 1)" : "the last step (code index T − 1, the paper's t = T)";
            return call.Fail(
                $"Your t never took {missing} in a large batch, where a uniform draw over all T steps hits each end many times: Algorithm 1 draws t ~ Uniform({{1, …, T}}), in code 0 … T − 1 (an exclusive upper bound as in torch.randint). Re-read {SheetRef}.",
                expected: "t uniform on 0 … T − 1", seen: "an end of the range never drawn");
        }

        double cumulative = 0, ks = 0;
        for (var k = 0; k < T; k++)
        {
            cumulative += counts[k];
            ks = Math.Max(ks, Math.Abs(cumulative / n - (k + 1.0) / T));
        }

        var envelope = Dkw.Epsilon(n, TimeAlpha);
        if (ks > envelope)
        {
            return call.Fail(
                $"Your t are not uniform over the steps: their empirical distribution is {F(ks)} away from the uniform one (the limit is {F(envelope)}). Algorithm 1 draws t ~ Uniform({{1, …, T}}) for each sample. Re-read {SheetRef}.",
                expected: $"KS distance ≤ {F(envelope)}", seen: F(ks));
        }

        // ε, reconstructed from z.
        var alphaBar = AlphaBar(schedule);
        var epsilon = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            double a = Math.Sqrt(alphaBar[steps[i]]), s = Math.Sqrt(1 - alphaBar[steps[i]]);
            for (var j = 0; j < d; j++) epsilon[i * d + j] = (z[i * d + j] - a * x[i * d + j]) / s;
        }

        if (epsilon.Any(v => !double.IsFinite(v)))
            return call.Fail($"The network's input z_t was not finite for some sample: Algorithm 1 noises x as z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε with ε ~ N(0, I). Re-read {SheetRef}.");
        var subAlpha = NoiseAlpha / 3;
        double mean = epsilon.Average(), variance = epsilon.Sum(v => (v - mean) * (v - mean)) / (epsilon.Length - 1);
        var meanLimit = FalseFailBudget.TwoSidedZ(subAlpha) / Math.Sqrt(epsilon.Length) + ReconstructionSlack;
        var (lower, upper) = GaussianMoments.VarianceBand(epsilon.Length, subAlpha);
        (lower, upper) = (lower - 3 * ReconstructionSlack, upper + 3 * ReconstructionSlack);
        var sorted = epsilon.Order().ToArray();
        double law = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var cdf = Normal.CDF(0, 1, sorted[i]);
            law = Math.Max(law, Math.Max(Math.Abs((i + 1.0) / sorted.Length - cdf), Math.Abs(cdf - (double)i / sorted.Length)));
        }

        var lawLimit = Dkw.Epsilon(epsilon.Length, subAlpha) + 0.4 * ReconstructionSlack;
        var failed = new List<string>();
        if (Math.Abs(mean) > meanLimit) failed.Add("mean");
        if (variance < lower || variance > upper) failed.Add("variance");
        if (law > lawLimit) failed.Add("law");
        var (dataFactor, noisePower) = failed.Count > 0 ? Factors(z, x, steps, alphaBar) : (1, 0.5);
        if (Math.Abs(dataFactor - 1) > FactorMargin)
            return call.Fail(
                $"The network's input z_t does not scale the data as Algorithm 1 does: fitted over the batch, the factor of x in z_t is {F(dataFactor)}·√ᾱ_t, not √ᾱ_t. Algorithm 1 noises x as z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε. Re-read {SheetRef}.",
                expected: "z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε", seen: $"factor of x: {F(dataFactor)}·√ᾱ_t");
        if (Math.Abs(noisePower - 0.5) > FactorMargin)
            return call.Fail(
                $"The factor in front of ε in your z_t is not √(1 − ᾱ_t): the noise part of the network's input, z_t − √ᾱ_t·x, grows over the steps like (1 − ᾱ_t)^{noisePower.ToString("F2", CultureInfo.InvariantCulture)} (fitted over the batch), where Algorithm 1's √(1 − ᾱ_t) is the power 0.5. Algorithm 1 noises x as z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε. Re-read {SheetRef}.",
                expected: "noise part of z_t ∝ (1 − ᾱ_t)^0.5", seen: $"∝ (1 − ᾱ_t)^{noisePower.ToString("F2", CultureInfo.InvariantCulture)}");
        if (failed.Count > 0)
            return call.Fail(
                $"The noise ε your NegativeElbo used (read off the network's input z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε) is not standard normal: its values have mean {F(mean)} and variance {F(variance)} (failed: {string.Join(", ", failed)}). Algorithm 1 draws ε ~ N(0, I). Re-read {SheetRef}.",
                expected: "ε ~ N(0, I)", seen: $"mean {F(mean)}, variance {F(variance)}");

        var zc = FalseFailBudget.TwoSidedZ(CorrelationAlpha);
        var limit = zc / Math.Sqrt(n) + ReconstructionSlack;
        for (var j = 0; j < d; j++)
        {
            var r = Correlation(i => epsilon[i * d + j], i => epsilon[(i + 1) * d + j], n - 1);
            if (Math.Abs(r) > limit)
                return call.Fail(
                    $"The noise ε of neighbouring samples is correlated (coordinate {j}: correlation {F(r)}, limit {F(limit)}): every sample needs its own, fresh ε ~ N(0, I), not noise reused across the batch. Re-read {SheetRef}.",
                    expected: $"|correlation| ≤ {F(limit)}", seen: F(r));
        }

        var cross = Correlation(i => epsilon[i * d], i => epsilon[i * d + 1], n);
        if (Math.Abs(cross) > limit)
            return call.Fail(
                $"The coordinates of your noise ε are correlated ({F(cross)}, limit {F(limit)}): ε ~ N(0, I) draws every coordinate of every sample independently. Re-read {SheetRef}.",
                expected: $"|correlation| ≤ {F(limit)}", seen: F(cross));

        return CheckResult.Pass(Id,
            $"Your draws follow Algorithm 1: t uniform over all steps (KS distance {F(ks)} ≤ {F(envelope)}, both ends drawn), one per sample, and fresh ε ~ N(0, I) for every sample (mean, variance and law of ε within their bands; no correlation between samples or coordinates).",
            SheetRef);
    }

    /// <summary>
    /// How far a fitted factor of <see cref="Factors"/> may be from the sheet's before the failure names it: the fits'
    /// standard errors at N = 20,000 and d = 2 are about 0.003 (the data's factor: 1/√(N·d·E[x²]) with x = 1.5·randn)
    /// and 0.004 (the power: √(π²/2 / (N·d·Var log(1 − ᾱ_t))) / 2), so 0.05 is over 10 of them.
    /// </summary>
    public const double FactorMargin = 0.05;

    /// <summary>
    /// Where z_t departs from √ᾱ_t·x + √(1 − ᾱ_t)·ε, for a failure's message: the factor of x relative to √ᾱ_t
    /// (least squares of z on √ᾱ_t·x over every value; 1 for the sheet's z_t whatever ε is, as ε is independent of x),
    /// and the power p of the noise part r = z_t − √ᾱ_t·x in r ∝ (1 − ᾱ_t)^p (half the least-squares slope of log r² on
    /// log(1 − ᾱ_t): log r² = 2 log c + 2p log(1 − ᾱ_t) + log ε², with log ε² independent of t; 0.5 for the sheet's
    /// z_t, 1 when the square root of 1 − ᾱ_t is missing).
    /// </summary>
    public static (double DataFactor, double NoisePower) Factors(float[] z, float[] x, int[] steps, double[] alphaBar)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(alphaBar);
        int n = steps.Length, d = z.Length / n;
        double zx = 0, xx = 0;
        var u = new List<double>(z.Length);
        var y = new List<double>(z.Length);
        for (var i = 0; i < n; i++)
        {
            double a = Math.Sqrt(alphaBar[steps[i]]), logOneMinus = Math.Log(1 - alphaBar[steps[i]]);
            for (var j = 0; j < d; j++)
            {
                double xv = x[i * d + j], r = z[i * d + j] - a * xv;
                zx += z[i * d + j] * a * xv;
                xx += a * a * xv * xv;
                if (r == 0 || !double.IsFinite(r)) continue;
                u.Add(logOneMinus);
                y.Add(Math.Log(r * r));
            }
        }

        double uMean = u.Average(), yMean = y.Average(), suy = 0, suu = 0;
        for (var k = 0; k < u.Count; k++)
        {
            suy += (u[k] - uMean) * (y[k] - yMean);
            suu += (u[k] - uMean) * (u[k] - uMean);
        }

        return (zx / xx, suu > 0 ? suy / suu / 2 : double.NaN);
    }

    /// <summary>The rows the network received: one call with N rows, or calls whose rows add up to N in order; null otherwise.</summary>
    private static (float[] Z, float[] Tau)? Inputs(IReadOnlyList<(float[] Z, float[] Tau)> calls)
    {
        var whole = calls.FirstOrDefault(c => c.Tau.Length == Samples && c.Z.Length == Samples * Dimension);
        if (whole.Z is not null) return whole;
        if (calls.Sum(c => (long)c.Tau.Length) == Samples && calls.All(c => c.Z.Length == c.Tau.Length * Dimension))
            return (calls.SelectMany(c => c.Z).ToArray(), calls.SelectMany(c => c.Tau).ToArray());
        return null;
    }

    private static double Correlation(Func<int, double> a, Func<int, double> b, int n)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < n; i++) { ma += a(i); mb += b(i); }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            double u = a(i) - ma, v = b(i) - mb;
            sab += u * v;
            saa += u * u;
            sbb += v * v;
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 1;
    }

    private static double[] AlphaBar(NoiseSchedule schedule)
    {
        var result = new double[schedule.T];
        double product = 1;
        for (var t = 0; t < schedule.T; t++) result[t] = product *= 1 - schedule.Betas[t];
        return result;
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The grader's network, recording each call's z (row-major) and time input.</summary>
    private sealed class RecordingNetwork(IEpsilonNetwork inner) : IEpsilonNetwork
    {
        public List<(float[] Z, float[] Tau)> Calls { get; } = [];

        public Tensor Forward(Tensor zt, Tensor t)
        {
            ArgumentNullException.ThrowIfNull(zt);
            ArgumentNullException.ThrowIfNull(t);
            Calls.Add((zt.ToArray(), t.ToArray()));
            return inner.Forward(zt, t);
        }
    }
}
