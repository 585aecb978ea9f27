using Grader.Checks.Diffusion;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Metrics.Statistics;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 004, ex. 3.4, <c>DDPM.sample</c> (task 004/3.4/sample): with the exact ε-predictor of Gaussian data and fresh
/// noise, the hand-in's samples follow the output law that Algorithm 2 with σ_t² = β_t has.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> Data law N(μ, diag(s²)) with μ = (0.5, −0.5), s² = (0.0025, 0.25) (a narrow and a wide coordinate);
/// the ε-network is its exact predictor <see cref="LinearGaussianOracle"/> read as t/T; schedule linear β from 1e-3 to
/// 0.2 over T = 100 steps (the T = 1000 linear schedule scaled by 1000/T as improved-diffusion does, ᾱ_T = 2.0e-5);
/// N = 20,000 samples of shape [N, 2]; the noise is a <see cref="KeyedNoise"/> whose seed comes from the grading seed,
/// so it is fresh for every grading run and unrelated to the exact check's noise. Every step is then affine in z_t plus
/// Gaussian noise, so the output is exactly N(m_j, V_j) per coordinate, independently over samples and coordinates,
/// with m ← c m + o and V ← c² V + σ² from (0, 1), c = (1 − β_t/√(1 − ᾱ_t)·K_t)/√α_t,
/// o = −β_t/√(1 − ᾱ_t)·L_t/√α_t (<see cref="ExpectedLaw"/>, cross-checked against the reference's
/// <c>GaussianOutputLaw</c>). Here m = (0.5000, −0.5000), V = (0.003055, 0.2578).
/// </para>
/// <para>
/// <b>Test.</b> Per coordinate the residuals (x_j − m_j)/√V_j go through <see cref="GaussianMoments"/> (mean z-test,
/// χ² variance band, DKW–Massart KS) at α/2 each (Bonferroni over the 2 coordinates; each splits its share over its
/// 3 sub-tests, so every sub-test runs at 1.67e-7). All three sub-tests are exact for every N, so the false-fail
/// probability is ≤ <see cref="Settings.FalseFailRate"/> = 1e-6 by design (float32 rounding of the hand-in moves the
/// output by ~1e-6 of a standard deviation, far below the test's resolution of 0.037 sd in the mean and ±5.2 % in the
/// variance). Cost: 0.2–0.4 s for a straightforward hand-in (100 steps on [20000, 2]; 200 runs took 71 s on the
/// loaded 2-core machine).
/// </para>
/// <para>
/// <b>Power</b> (P(pass) computed from the exact laws of the sub-test statistics — s² ~ ρ χ²_{N−1}/(N−1),
/// √N·mean ~ N(√N δ, ρ) — under each bug's output law, which the same recursion gives;
/// <c>DtuSamplerFollowsOracleLawTests.Power_table</c>; ρ = V_bug/V, δ = mean shift in sd):
/// <list type="table">
/// <listheader><term>bug</term><description>narrow coordinate; wide coordinate; P(a correct verdict "pass")</description></listheader>
/// <item><term>σ_t² = β̃_t instead of β_t (mutant dtu-beta-tilde-swapped)</term><description>ρ = 0.401; ρ = 0.851; P(pass) ≤ 1e-2167</description></item>
/// <item><term>σ_t = β_t (square root missing)</term><description>ρ = 0.0056; ρ = 0.035; P(pass) ≤ 1e-399043</description></item>
/// <item><term>no noise at all</term><description>ρ = 4e-8; ρ = 5e-6; P(pass) ≈ 0</description></item>
/// <item><term>noise also at t = 0 (mutant noise-at-last-step)</term><description>ρ = 1.327 (β₀ = 1e-3 added to V = 0.003055); ρ = 1.004 (undetectable alone); P(pass) ≤ 1e-109. The narrow coordinate exists for this bug: at T = 1000 (β₀ = 1e-4) with s² = 0.25 the ratio would be 1.0004</description></item>
/// <item><term>+ instead of − before the ε̂ term (mutant eps-sign)</term><description>δ = −1.0e7, ρ = 2.6e19; δ = 4.2e4, ρ = 4.4e14; P(pass) ≤ 1e-19544</description></item>
/// <item><term>raw t fed to the network instead of t/T (mutant t-not-normalised)</term><description>the oracle refuses the time input (it names the convention it expects): Errored with certainty</description></item>
/// </list>
/// Measured on in-test implementations (<c>DtuSamplerFollowsOracleLawTests</c>): each bug above fails with the named
/// diagnosis; the correct sampler passed 200 of 200 grading seeds (<c>StatisticalChecksNeverFailTests</c>). Caught only
/// by the exact comparison with the reference (<c>DtuSampleMatchesReference</c>): coefficient errors that move the law by
/// less than the test's resolution (0.037 sd in the mean, ±5 % in the variance), e.g. ᾱ read one index late in a few
/// steps. At the sheet's T = 1000 with s² = 0.25 even σ² = β̃ would be out of reach (ρ = 0.982 needs N ≈ 540,000),
/// which is why the check runs T = 100 with a narrow coordinate.
/// </para>
/// </remarks>
public sealed class DtuSamplerFollowsOracleLaw(DtuSamplerFollowsOracleLaw.Settings? settings = null) : HandinCheck<IDtuDdpm>(
    "diffusion.dtu.sampler-follows-oracle-law")
{
    /// <summary>The check's design parameters (see the type's remarks for why these values).</summary>
    /// <param name="Samples">N, the number of samples drawn in one call.</param>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="FalseFailRate">Total false-fail probability, split by Bonferroni over the coordinates.</param>
    public sealed record Settings(int Samples = 20_000, int Steps = 100, double BetaFirst = 1e-3, double BetaLast = 0.2, double FalseFailRate = FalseFailBudget.DefaultRate) : OracleDesign(Steps, BetaFirst, BetaLast)
    {
        /// <summary>s² of the oracle's data law, per coordinate: narrower than the other checks' law.</summary>
        public override IReadOnlyList<double> DataVariance { get; init; } = [0.0025, 0.25];
    }

    /// <summary>The sampler as the sheet specifies it, and the named bugs whose laws the check computes for its feedback and power table.</summary>
    public enum Variant
    {
        /// <summary>Algorithm 2 with σ_t² = β_t and no noise at t = 0.</summary>
        AsSpecified,

        /// <summary>σ_t² = β̃_t (the posterior variance) instead of β_t.</summary>
        PosteriorVariance,

        /// <summary>σ_t = β_t: the square root is missing.</summary>
        SigmaIsBeta,

        /// <summary>No noise added at any step.</summary>
        NoNoise,

        /// <summary>Noise also added at the last step t = 0.</summary>
        NoiseAtLastStep,

        /// <summary>The ε̂ term added instead of subtracted.</summary>
        EpsilonSignFlipped,
    }

    private static readonly (Variant Variant, string Description)[] Named =
    [
        (Variant.PosteriorVariance, "σ_t² = β̃_t (the posterior variance) where the sheet prescribes σ_t² = β_t"),
        (Variant.SigmaIsBeta, "σ_t = β_t: the square root of σ_t² = β_t is missing"),
        (Variant.NoNoise, "no noise σ_t·z is added"),
        (Variant.NoiseAtLastStep, "noise is added at the last step t = 0 too, where Algorithm 2 sets z = 0"),
        (Variant.EpsilonSignFlipped, "the ε̂ term is added instead of subtracted"),
    ];

    public Settings Design { get; } = settings ?? new Settings();

    /// <summary>
    /// The exact output law (mean, variance) of one coordinate for data N(<paramref name="dataMean"/>,
    /// <paramref name="dataVariance"/>) under the exact predictor, starting from x_T ~ N(0, 1).
    /// </summary>
    public static (double Mean, double Variance) ExpectedLaw(NoiseSchedule schedule, double dataMean, double dataVariance, Variant variant = Variant.AsSpecified)
    {
        var terms = new ScheduleTerms(schedule);
        double m = 0, v = 1;
        for (var t = terms.T - 1; t >= 0; t--)
        {
            var (k, l) = LinearGaussianOracle.Coefficients(terms, t, dataMean, dataVariance);
            var a = 1 / Math.Sqrt(terms.Alpha[t]);
            var e = a * terms.Beta[t] / Math.Sqrt(1 - terms.AlphaBar[t]) * (variant == Variant.EpsilonSignFlipped ? 1 : -1);
            var c = a + e * k;
            var o = e * l;
            var noise = variant switch
            {
                Variant.PosteriorVariance => terms.BetaTilde[t],
                Variant.SigmaIsBeta => terms.Beta[t] * terms.Beta[t],
                Variant.NoNoise => 0,
                _ => terms.Beta[t],
            };
            if (t == 0 && variant != Variant.NoiseAtLastStep) noise = 0;
            m = c * m + o;
            v = c * c * v + noise;
        }

        return (m, v);
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IDtuDdpm ddpm)
    {
        var s = Design;
        var d = s.DataMean.Count;
        var schedule = s.Schedule();
        var expected = Enumerable.Range(0, d).Select(j => ExpectedLaw(schedule, s.DataMean[j], s.DataVariance[j])).ToArray();
        var oracle = new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.FractionOfT);
        var noise = new KeyedNoise(context.Seed ^ 0x3A4D_5F17_0000_0001UL);
        int[] shape = [s.Samples, d];

        const string what = "Sample([N, d], schedule, network, noise)";
        if (call.Run(what, () => ddpm.Sample((int[])shape.Clone(), schedule, oracle, noise), out var output) is { } threw) return threw;
        if (call.Tensor(what, output, shape) is { } bad) return bad;
        var x = output.contiguous().ToDoubleArray();

        var test = new GaussianMoments(FalseFailBudget.Bonferroni(s.FalseFailRate, d));
        var seen = new (double Mean, double Variance)[d];
        var failures = new List<string>();
        var details = new List<string>();
        for (var j = 0; j < d; j++)
        {
            var column = new double[s.Samples];
            for (var i = 0; i < s.Samples; i++) column[i] = x[i * d + j];
            seen[j] = Moments(column);
            var sd = Math.Sqrt(expected[j].Variance);
            var residuals = column.Select(v => (v - expected[j].Mean) / sd).ToArray();
            var verdict = test.Test(residuals);
            // The student's line relative to the exact law (shift in its standard deviations, variance ratio); the law itself is the oracle's, hidden.
            var line = $"coordinate {j + 1}: mean off by {F((seen[j].Mean - expected[j].Mean) / sd)} standard deviations of the exact law, variance {F(seen[j].Variance / expected[j].Variance)} times the exact law's";
            details.Add(line);
            if (!verdict.Passed) failures.Add(line);
        }

        var expectedText = string.Join("; ", expected.Select((e, j) => $"coordinate {j + 1} ~ N({F(e.Mean)}, {F(e.Variance)})"));
        var seenText = string.Join("; ", seen.Select((e, j) => $"coordinate {j + 1}: mean {F(e.Mean)}, variance {F(e.Variance)}"));
        // Named in the sheet's terms only: the hidden set-up (sample size, T, β range, the oracle's data law) goes to the tutor.
        var setUp = "your samples from a network whose exact output law the grader knows, against that law";
        var tutor = $"{s.Samples} samples, T = {schedule.T}, β {schedule.Betas[0]:G3} … {schedule.Betas[^1]:G3}, linear Gaussian oracle; exact law {expectedText}; seen {seenText}";
        if (failures.Count == 0)
        {
            return CheckResult.Pass(Id,
                $"DDPM.sample follows the exact output law of Algorithm 2 with σ_t² = β_t ({setUp}; false-fail rate {F(s.FalseFailRate)}): {string.Join("; ", details)}.",
                SheetRef) with { TutorDetail = tutor };
        }

        var hints = new List<string>();
        if (Closest(schedule, seen) is { } closest) hints.Add($"the seen moments match the law of a sampler in which {closest}");
        if (!oracle.VisitedSteps.Contains(0) && oracle.VisitedSteps.Contains(1))
            hints.Add("your sampler never evaluated ε_θ at t = 0: the last step of Algorithm 2 (the paper's t = 1, code index 0) is missing; the loop runs down to t = 0 included, where only the noise is dropped (z = 0)");
        if (noise.StepRequests.Count == 0) hints.Add("the sampler never asked the noise source for step noise (noise.ForStep)");
        else if (noise.StepRequests.Any(r => r.t == 0)) hints.Add("the sampler asked for noise at t = 0, where Algorithm 2 adds none");
        var hintText = hints.Count == 0 ? "" : " Hint: " + string.Join("; ", hints) + ".";
        return CheckResult.Fail(Id,
            $"DDPM.sample's samples do not follow the law Algorithm 2 with σ_t² = β_t gives for the exact ε-predictor ({setUp}; false-fail rate {F(s.FalseFailRate)}): {string.Join("; ", failures)}.{hintText}",
            expected: "the exact law: mean off by 0 standard deviations, variance ratio 1", seen: string.Join("; ", failures), sheetRef: SheetRef) with { TutorDetail = tutor };
    }

    /// <summary>The named bug whose law is nearest the seen moments, if it explains them clearly better than the specified law.</summary>
    private string? Closest(NoiseSchedule schedule, IReadOnlyList<(double Mean, double Variance)> seen)
    {
        double Distance(Variant variant)
        {
            double sum = 0;
            for (var j = 0; j < seen.Count; j++)
            {
                var (m, v) = ExpectedLaw(schedule, Design.DataMean[j], Design.DataVariance[j], variant);
                var logRatio = Math.Log(Math.Max(seen[j].Variance, 1e-300) / v);
                var shift = (seen[j].Mean - m) / Math.Sqrt(v);
                sum += logRatio * logRatio + Math.Min(shift * shift, 1e6);
            }

            return sum;
        }

        var specified = Distance(Variant.AsSpecified);
        var best = Named.Select(n => (n.Description, Distance: Distance(n.Variant))).MinBy(n => n.Distance);
        return best.Distance < 0.01 && best.Distance < specified / 4 ? best.Description : null;
    }

    private static (double Mean, double Variance) Moments(double[] values)
    {
        var mean = values.Average();
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return (mean, ss / (values.Length - 1));
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
