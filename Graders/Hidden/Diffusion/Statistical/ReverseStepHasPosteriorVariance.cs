using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Metrics.Statistics;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (a) (task 000/1a/train-and-sample): one step of the notebook's reverse process, given fresh standard
/// normal z, is exactly N(μ̃_t, β̃_t I): the posterior mean from x̂₀ and the posterior variance β̃_t; at t = 0 (β̃_0 = 0)
/// it is μ̃_0 without noise.
/// </summary>
/// <remarks>
/// <para>
/// <b>Steps, every run</b> (issue 45 item 4, <see cref="Classes"/>): t = 1, where β̃_t/β_t is smallest (σ² = β_t for β̃_t);
/// t = T − 1, where ᾱ_{t−1} is far from 1 (√ᾱ_t for √α_t in the posterior mean, as sheet 002 typesets it, is off by
/// √ᾱ_{t−1} ≈ 0.29 there and by 5e-5 relative at t = 1); t = 0, where the step adds no noise (the variance log-clipped to
/// β̃_1 without the mask at t = 0). t = 1 and t = T − 1 are each tested as below at half the false-fail rate; t = 0 exactly:
/// the slope of x_{t−1} − μ̃_0 on z must stay below <see cref="LastStepNoiseSlope"/> (a correct step's slope is rounding,
/// sd ≤ 5e-5; the near misses' are √β̃_1 ≈ 0.008 and √β_0 = 0.01). Each on its own 2000 fresh x_t and z.
/// </para>
/// <para>
/// <b>Set-up.</b> T = 250, β linear 1e-4 … 0.02 (the notebook's schedule), code index t = 1 (the paper's t = 2), where
/// β̃_1/β_1 = 0.3573 (for T = 1000 it would be 0.4547, ml-anchors §1.3); the ε-network is the exact predictor of data
/// N((0.5, −0.5), diag(0.0025, 0.25)) (<see cref="LinearGaussianOracle"/>, raw integer t). N = 2000 points
/// x_t ~ N(0, I₂) and N fresh z ~ N(0, I₂), both drawn from the grading seed. The grader computes
/// μ̃_1(x_t, x̂₀) in double (x̂₀ = √(1/ᾱ_1) x_t − √(1/ᾱ_1 − 1) ε̂, Ho et al. eqs. 7 and 15, no clipping) and standardises
/// the hand-in's output: r = (x_{t−1} − μ̃)/√β̃_1. Under a correct step the 4000 residuals (2000 points × 2
/// coordinates) are i.i.d. N(0, 1) — exactly, for any x_t, since the only randomness is z (in fact r = z up to float32
/// rounding: the test asks whether the output depends on z as μ̃_t + √β̃_t·z does, in distribution, so that rounding
/// and harmless reformulations never matter).
/// </para>
/// <para>
/// <b>Test.</b> <see cref="GaussianMoments"/> on the 4000 residuals: mean z-test, χ² variance band [0.887, 1.122]
/// and DKW–Massart KS, each at 1e-6/6 (the rate is split between t = 1 and t = T − 1). All three are exact, so the
/// false-fail probability is ≤ 1e-6 by design. A hand-in computing its coefficients in float32 moves μ̃ by ≲ 0.05 σ at worst, in proportion to x_t, whose mean is 0: the mean
/// test does not see it and the variance grows by ≲ 0.3 %, inside the band.
/// </para>
/// <para>
/// <b>Power</b> (χ² law of s² under each variance bug, exact, <c>ReverseStepHasPosteriorVarianceTests.Power_table</c>;
/// "seen" = one run of an in-test implementation with the bug; the correct step passed 200 of 200 grading seeds):
/// <list type="table">
/// <listheader><term>bug</term><description>variance ratio ρ of the residuals, power</description></listheader>
/// <item><term>σ_t² = β_t instead of β̃_t (mutant beta-tilde-swapped)</term><description>ρ = β_1/β̃_1 = 2.799; P(pass) = 1e-275.6 (band at 1e-6/6); seen s² = 2.81</description></item>
/// <item><term>σ_t = β̃_t (square root missing)</term><description>ρ = β̃_1 = 6.4e-5; P(pass) ≈ 0; seen s² = 6.5e-5</description></item>
/// <item><term>no noise</term><description>ρ ≈ 0; P(pass) ≈ 0; seen s² = 3e-11</description></item>
/// <item><term>x̂₀ clipped to [−1, 1] (mutant x0-clipped)</term><description>mean error of many σ on the points with |x̂₀| &gt; 1: seen mean −0.99 sd, s² = 806 (band [0.887, 1.122])</description></item>
/// <item><term>x̂₀ with ᾱ_{t−1} (mutant alphabar-off-by-one-reverse)</term><description>mean error ≈ 3 σ·x_t on the narrow coordinate: seen mean −0.80 sd, s² = 6.9</description></item>
/// </list>
/// The wrong time convention (t/T instead of the raw t) makes the oracle refuse the input: Errored, with the convention
/// named. The mutants of the other two steps: <c>reverse-step-mean-sqrt-alphabar</c> (t = T − 1) and
/// <c>reverse-step-noise-at-last-step</c> (t = 0), each caught on every seed (<c>SheetCasesEveryRunTests</c>).
/// </para>
/// </remarks>
public sealed class ReverseStepHasPosteriorVariance : HandinCheck<IReverseStep>, IDrawsCaseClasses
{
    /// <summary>The check's design parameters.</summary>
    /// <param name="Points">N, points x_t (and draws z).</param>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="Timestep">The code index of the tested step (≥ 1, so that β̃ &gt; 0).</param>
    /// <param name="FalseFailRate">Total false-fail probability.</param>
    public sealed record Settings(int Points = 2000, int Steps = 250, double BetaFirst = 1e-4, double BetaLast = 0.02, int Timestep = 1, double FalseFailRate = FalseFailBudget.DefaultRate) : OracleDesign(Steps, BetaFirst, BetaLast)
    {
        /// <summary>s² of the oracle's data law, per coordinate: narrower than the other checks' law.</summary>
        public override IReadOnlyList<double> DataVariance { get; init; } = [0.0025, 0.25];
    }

    public ReverseStepHasPosteriorVariance(Settings? settings = null)
        : base("diffusion.heidelberg.reverse-step-has-posterior-variance")
    {
        Design = settings ?? new Settings();
        if (Design.Timestep < 1 || Design.Timestep >= Design.Steps)
            throw new ArgumentOutOfRangeException(nameof(settings), Design.Timestep, "The tested step must lie in 1 … T − 1 (β̃ is 0 at code index 0).");
    }

    public Settings Design { get; }

    /// <summary>
    /// The exact step law at code index <paramref name="t"/> for ε̂ = ε*(x_t) = K x_t + L: x_{t−1} ~ N(c x_t + o, σ²) per
    /// coordinate, with c, o from μ̃_t and x̂₀ and σ² = β̃_t.
    /// </summary>
    public static (double C, double O, double Variance) StepLaw(NoiseSchedule schedule, int t, double dataMean, double dataVariance)
    {
        var terms = new ScheduleTerms(schedule);
        var (k, l) = LinearGaussianOracle.Coefficients(terms, t, dataMean, dataVariance);
        var abar = terms.AlphaBar[t];
        var prev = terms.AlphaBarPrevious[t];
        var cx0 = Math.Sqrt(prev) * terms.Beta[t] / (1 - abar);
        var czt = Math.Sqrt(terms.Alpha[t]) * (1 - prev) / (1 - abar);
        // x̂₀ = a x_t − b ε̂ with a = √(1/ᾱ), b = √(1/ᾱ − 1); μ̃ = cx0 x̂₀ + czt x_t.
        var a = Math.Sqrt(1 / abar);
        var b = Math.Sqrt(1 / abar - 1);
        return (cx0 * (a - b * k) + czt, -cx0 * b * l, terms.BetaTilde[t]);
    }

    /// <summary>
    /// The most the output may move with z at t = 0, as the slope b of x_{t−1} − μ̃_0 on z (the sheet's step adds no
    /// noise there: b = 0 up to rounding, whose slope has sd ≤ 5e-5; the noise of the near misses is
    /// √β̃_1 ≈ 0.008 or √β_0 = 0.01).
    /// </summary>
    public const double LastStepNoiseSlope = 1e-3;

    /// <summary>The false-fail rate of each of the two statistical steps (t = <see cref="Settings.Timestep"/> and t = T − 1); the step at t = 0 is exact.</summary>
    public double StepFalseFailRate => Design.FalseFailRate / 2;

    /// <summary>
    /// The steps every run tests, each one of the <see cref="Classes"/>: code index <see cref="Settings.Timestep"/> (where
    /// β̃_t/β_t is smallest), T − 1 and 0.
    /// </summary>
    public int[] TestedSteps => [Design.Timestep, Design.Steps - 1, 0];

    /// <summary>The classes the tested steps cover, every run by construction.</summary>
    public static CaseClasses<int> Classes(NoiseSchedule schedule)
    {
        var terms = new ScheduleTerms(schedule);
        return new(
            new CaseClass<int>("small-posterior-variance", "σ_t² = β_t (DDPM's \"fixed large\") for β̃_t: off where β̃_t/β_t is far from 1 (below ½: the first steps), nearly equal at the chain's start (mutant beta-tilde-swapped)",
                t => t >= 1 && terms.BetaTilde[t] < 0.5 * terms.Beta[t]),
            new CaseClass<int>("noisy-step", "√ᾱ_t for √α_t in the posterior mean's x_t coefficient (as sheet 002 typesets it): off by the factor √ᾱ_{t−1}, invisible where ᾱ_{t−1} ≈ 1 (the first steps) and large where ᾱ_{t−1} ≤ ½ (mutant reverse-step-mean-sqrt-alphabar)",
                t => t >= 1 && terms.AlphaBarPrevious[t] <= 0.5),
            new CaseClass<int>("last-step-without-noise", "noise added at t = 0, where σ_0² = β̃_0 = 0: the variance log-clipped to β̃_1 as Ho et al.'s code keeps it, without the mask that drops the noise at t = 0 (mutant reverse-step-noise-at-last-step)", t => t == 0));
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes(Design.Schedule()).All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes(Design.Schedule()).PresentIn(TestedSteps);

    protected override CheckResult Check(CheckContext context, HandinCall call, IReverseStep step)
    {
        var s = Design;
        var schedule = s.Schedule();
        var oracle = new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.RawIndex);
        var passed = new List<string>();
        var tutor = new List<string>();
        foreach (var (t, generator) in new[] { (s.Timestep, 1UL), (s.Steps - 1, 3UL) })
        {
            var (failed, summary, detail) = StatisticalStep(context, call, step, schedule, oracle, t, generator);
            tutor.Add(detail);
            if (failed is not null) return failed with { TutorDetail = string.Join(" ", tutor) };
            passed.Add(summary);
        }

        var (lastFailed, lastSummary) = LastStep(context, call, step, schedule, oracle);
        if (lastFailed is not null) return lastFailed with { TutorDetail = string.Join(" ", tutor) };
        return CheckResult.Pass(Id, $"The reverse step is N(μ̃_t, β̃_t I) ({passed[0]}); at t = T − 1 as well ({passed[1]}); {lastSummary}.", SheetRef)
            with { TutorDetail = string.Join(" ", tutor) };
    }

    /// <summary>The step at code index <paramref name="t"/> ≥ 1 on fresh x_t and z (generators <paramref name="generator"/> and the next): its residuals standardised by √β̃_t are tested to be N(0, 1).</summary>
    private (CheckResult? Failed, string Summary, string Tutor) StatisticalStep(CheckContext context, HandinCall call, IReverseStep step, NoiseSchedule schedule, IEpsilonNetwork oracle, int t, ulong generator)
    {
        var s = Design;
        var d = s.DataMean.Count;
        var (xtValues, zValues, x, failed) = Run(context, call, step, schedule, oracle, t, generator);
        if (failed is not null) return (failed, "", "");

        var laws = Enumerable.Range(0, d).Select(j => StepLaw(schedule, t, s.DataMean[j], s.DataVariance[j])).ToArray();
        var sigma = Math.Sqrt(laws[0].Variance);
        var residuals = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var (c, o, _) = laws[i % d];
            residuals[i] = (x[i] - (c * xtValues[i] + o)) / sigma;
        }

        var verdict = new GaussianMoments(StepFalseFailRate).Test(residuals);
        var terms = new ScheduleTerms(schedule);
        var ratio = terms.BetaTilde[t] / terms.Beta[t];
        // Named in the sheet's terms only: the hidden set-up (T, the schedule, the number of points, the test's N) goes to the tutor.
        var setUp = t == s.Timestep ? $"t = {t}; residuals (x_{{t−1}} − μ̃_t)/√β̃_t" : "t = T − 1, the chain's first step; residuals (x_{t−1} − μ̃_t)/√β̃_t";
        var tutor = $"t = {t}: {s.Points} points of dimension {d}, T = {schedule.T}, β̃_t = {F(ratio)}·β_t = {F(terms.BetaTilde[t])}; {verdict.Message}";
        var seenVariance = verdict.Variance.Statistic;
        var seenMean = verdict.Mean.Statistic / Math.Sqrt(residuals.Length);
        var summary = $"residual mean {F(seenMean)}, residual variance {F(seenVariance)} (false-fail rate {F(StepFalseFailRate)})";
        if (verdict.Passed) return (null, t == s.Timestep ? $"{setUp}: {summary}" : summary, tutor);

        var hint = Hint(seenVariance, ratio, terms.BetaTilde[t], xtValues, zValues, residuals);
        var outside = string.Join(", ", new[] { verdict.Mean, verdict.Variance, verdict.Ks }.Where(v => !v.Passed).Select(v => v.Name));
        return (CheckResult.Fail(Id,
            $"The reverse step's output is not N(μ̃_t, β̃_t I) for fresh z ({setUp}): {summary}; outside the band a correct step stays in: {outside}.{hint}",
            expected: "residuals ~ N(0, 1): mean 0, variance 1",
            seen: $"residual mean {F(seenMean)}, variance {F(seenVariance)}",
            sheetRef: SheetRef), summary, tutor);
    }

    /// <summary>
    /// The last step, t = 0 (generators 5 and 6): σ_0² = β̃_0 = 0, so the output is μ̃_0 whatever z is. Exact: the slope
    /// of x_{t−1} − μ̃_0 on z must stay below <see cref="LastStepNoiseSlope"/>.
    /// </summary>
    private (CheckResult? Failed, string Summary) LastStep(CheckContext context, HandinCall call, IReverseStep step, NoiseSchedule schedule, IEpsilonNetwork oracle)
    {
        var s = Design;
        var d = s.DataMean.Count;
        var (xtValues, zValues, x, failed) = Run(context, call, step, schedule, oracle, 0, 5);
        if (failed is not null) return (failed, "");

        var laws = Enumerable.Range(0, d).Select(j => StepLaw(schedule, 0, s.DataMean[j], s.DataVariance[j])).ToArray();
        double rz = 0, zz = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var (c, o, _) = laws[i % d];
            rz += (x[i] - (c * xtValues[i] + o)) * zValues[i];
            zz += zValues[i] * zValues[i];
        }

        var slope = rz / zz;
        if (Math.Abs(slope) <= LastStepNoiseSlope) return (null, $"at t = 0 it returns μ̃_0 without noise (slope on z {F(slope)})");
        var terms = new ScheduleTerms(schedule);
        var named = Math.Abs(Math.Abs(slope) / Math.Sqrt(terms.BetaTilde[1]) - 1) < 0.1 ? " (√β̃_1: Ho et al.'s code keeps the variance log-clipped, β̃_1 at t = 0, and masks the noise there)"
            : Math.Abs(Math.Abs(slope) / Math.Sqrt(terms.Beta[0]) - 1) < 0.1 ? " (√β_0: σ_t² = β_t at t = 0)" : "";
        return (CheckResult.Fail(Id,
            $"At t = 0, the last step, the reverse step's output moves with z: x_{{t−1}} − μ̃_0 ≈ {F(slope)}·z{named}. The sheet's last step adds no noise (σ_0² = β̃_0 = 0): it returns the posterior mean, x̂₀.",
            expected: "x_{t−1} = μ̃_0 for every z (slope 0)",
            seen: $"slope {F(slope)} on z",
            sheetRef: SheetRef), "");
    }

    /// <summary>Calls the step at <paramref name="t"/> on N fresh x_t ~ N(0, I) (generator <paramref name="generator"/>) and z (the next generator).</summary>
    private (double[] Xt, double[] Z, double[] X, CheckResult? Failed) Run(CheckContext context, HandinCall call, IReverseStep step, NoiseSchedule schedule, IEpsilonNetwork oracle, int t, ulong generator)
    {
        int[] shape = [Design.Points, Design.DataMean.Count];
        var xt = torch.randn(shape, context.NewGenerator(generator));
        var z = torch.randn(shape, context.NewGenerator(generator + 1));
        var what = $"ReverseStep(x_t [N, d], t = {(t == Design.Steps - 1 ? "T − 1" : t.ToString(CultureInfo.InvariantCulture))}, z, schedule, network)";
        if (call.Run(what, () => step.ReverseStep(xt.clone(), t, z.clone(), schedule, oracle), out var output) is { } threw) return ([], [], [], threw);
        if (call.Tensor(what, output, shape) is { } bad) return ([], [], [], bad);
        return (xt.ToDoubleArray(), z.ToDoubleArray(), output.contiguous().ToDoubleArray(), null);
    }

    private static string Hint(double seenVariance, double ratio, double betaTilde, double[] xt, double[] z, double[] residuals)
    {
        if (Math.Abs(seenVariance * ratio - 1) < 0.15)
            return $" Hint: the residual variance is β_t/β̃_t = {F(1 / ratio)}: the step adds noise with σ_t² = β_t (DDPM's \"fixed large\") instead of the posterior variance β̃_t.";
        if (seenVariance < 1e-2)
        {
            return seenVariance > 0.3 * betaTilde && seenVariance < 3 * betaTilde
                ? " Hint: the noise is scaled by β̃_t instead of √β̃_t (a square root is missing)."
                : " Hint: the output hardly depends on z: is σ_t·z added at t ≥ 1?";
        }

        // For a correct step r = z exactly; does the rest e = r − z follow x_t (a mean bug) rather than z (a noise bug)?
        double ex = 0, ez = 0;
        for (var i = 0; i < residuals.Length; i++)
        {
            var e = residuals[i] - z[i];
            ex += e * xt[i];
            ez += e * z[i];
        }

        return Math.Abs(ex) / residuals.Length > 0.5 && Math.Abs(ez) / residuals.Length < 0.2
            ? " Hint: the noise term is right but the mean is not: the error grows with x_t, so check x̂₀ = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε̂ (no clipping) and the two posterior-mean coefficients."
            : "";
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
