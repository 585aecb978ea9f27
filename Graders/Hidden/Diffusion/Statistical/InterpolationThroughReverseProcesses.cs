using Grader.Checks.Diffusion.Support;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;
using MathNet.Numerics.Distributions;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (b) and (e) (tasks 000/1b/interpolation, 000/1e/second-interpolation), graded through the hand-in's
/// own reverse processes: the interpolated latents run through the stochastic reverse process of 1 (a) end at points
/// whose neighbours scatter as far as independent samples do; (e) also runs them through the identical-noise process of
/// 1 (c) and the deterministic DDIM of 1 (d), after which neighbouring latents stay neighbours.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> The hand-in's <c>Interpolate(from, to, 500)</c> with the sheet's end points gives the latents z_i
/// (whatever they are: the line itself is graded by the interpolation checks). T = 100, β linear 1e-4 … 0.05
/// (ᾱ_T ≈ 0.08; fewer steps than the notebook's 250 keep the five chains of 1 (e) under a second), and the
/// ε-network is the exact predictor of data N((0.5, −0.5), diag(0.25, 1)) (<see cref="LinearGaussianOracle"/>, raw
/// integer t), so the reference's stochastic process is affine plus Gaussian noise: y_i = G z_i + O + e_i with
/// e_i ~ N(0, diag(V)) independent across samples (<see cref="StochasticLaw"/>). The stochastic process runs three
/// times, A, B and C, the identical-noise and the DDIM process once, A (their claim reads one run), each run with its
/// own keyed noise (<see cref="KeyedNoise"/>, seeds from the grading seed; the step noise the grader passes is drawn
/// once per seed and shared by the run's hand-ins, as it does not depend on them):
/// <list type="bullet">
/// <item><description>stochastic (1 (b), 1 (e)): the hand-in's <c>ReverseStep</c> for t = T − 1 … 0, z of step t drawn
/// [N, d] (one vector per sample, as the sheet's process does);</description></item>
/// <item><description>identical noise (1 (e)): the hand-in's <c>SampleSameNoise</c>, its last row;</description></item>
/// <item><description>DDIM (1 (e)): the hand-in's <c>DdimStep</c> with η = 0 for t = T − 1 … 0.</description></item>
/// </list>
/// Per coordinate j and P = 250 disjoint neighbour pairs (2k, 2k + 1): Nb_j = Σ_k (y^A_{2k+1} − y^A_{2k})², the
/// neighbours' scatter in one run, and (stochastic) Ac_j = Σ_k (y^B_{2k} − y^C_{2k})², one latent's scatter between two runs.
/// </para>
/// <para>
/// <b>Claims.</b>
/// <list type="number">
/// <item><description>Stochastic: the process adds noise (Ac_j &gt; 0) and Q_j = Nb_j / Ac_j lies in the two-sided band
/// [q₋, q₊] of F(P, P). With independent per-sample noise both sums are 2V_j·χ²_P (the neighbours' mean difference
/// G Δz adds a noncentrality Σ (G_j Δz_j)²/(2V_j) ≤ 0.01 here, far below the band's width), and Q_j is scale-free: a
/// wrong mean or variance of the step (a 1 (a) bug, graded there) changes V and G but not Q's law. α = 1.25e-7 per tail
/// and coordinate: q₋ = 0.517, q₊ = 1.93; false-fail 5e-7 per run of this check, 1e-6 for the (b) and (e) checks
/// together.</description></item>
/// <item><description>Identical noise and DDIM: neighbours stay close, Nb_j ≤ ¼·P·S_j, where S_j = 2V_j is the
/// reference's scatter of one latent between two independent stochastic runs. A correct process has Nb_j = Σ (G Δz)²
/// (deterministic under the affine oracle), ≤ 3e-3·P·S_j here: false-fail 0 up to float32 rounding.</description></item>
/// </list>
/// </para>
/// <para>
/// <b>Power.</b> A reverse step that adds one noise vector to all samples (the identical noise of 1 (c) where (b) runs
/// 1 (a)'s process) or no noise: Nb ≈ Σ (G Δz)², Q ≈ 1e-4 ≪ q₋, caught with certainty. A same-noise sampler drawing one
/// vector per sample, or a DDIM that adds σ_t·z at η = 0: Nb_j/(P S_j) ~ χ²_P/P, which is ≤ ¼ with probability
/// &lt; 1e-17. Wrong coefficients (ᾱ off by one, β for β̃, clipped x̂₀, DDIM's α mixed up) keep independent or shared
/// noise as it is and are left to 1 (a), (c) and (d).
/// </para>
/// </remarks>
public sealed class InterpolationThroughReverseProcesses : HandinCheck<ILatentInterpolation>
{
    /// <summary>Which reverse processes a part of the sheet runs the interpolation through.</summary>
    [Flags]
    public enum Processes
    {
        /// <summary>1 (a)'s stochastic reverse process, independent noise per sample (the hand-in's <c>ReverseStep</c>).</summary>
        Stochastic = 1,

        /// <summary>1 (c)'s identical-noise process (the hand-in's <c>SampleSameNoise</c>).</summary>
        SameNoise = 2,

        /// <summary>1 (d)'s deterministic DDIM (the hand-in's <c>DdimStep</c>, η = 0).</summary>
        Ddim = 4,
    }

    /// <summary>The check's design parameters.</summary>
    /// <param name="Exercise">"1b" or "1e": which part of the sheet, used in the id.</param>
    /// <param name="From">The first end point (the sheet's).</param>
    /// <param name="To">The second end point.</param>
    /// <param name="Runs">The processes the part runs.</param>
    /// <param name="Count">Number of latents (the sheet: 500).</param>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="FalseFailRate">The stochastic claim's false-fail probability per run, over both tails and all coordinates.</param>
    /// <param name="CloseFraction">The closeness bound of the identical-noise and DDIM runs, as a fraction of the reference's scatter S.</param>
    public sealed record Settings(string Exercise, IReadOnlyList<double> From, IReadOnlyList<double> To, Processes Runs, int Count = 500, int Steps = 100,
        double BetaFirst = 1e-4, double BetaLast = 0.05, double FalseFailRate = 5e-7, double CloseFraction = 0.25) : InterpolationDesign(Exercise, From, To, Count, Steps, BetaFirst, BetaLast)
    {
        /// <summary>P: the number of disjoint neighbour pairs.</summary>
        public int Pairs => Count / 2;

        /// <summary>The band [q₋, q₊] of Q_j = Nb_j/Ac_j: F(P, P) quantiles at α = FalseFailRate / (2 d) per tail.</summary>
        public (double Low, double High) Band()
        {
            var alpha = FalseFailRate / (2 * DataMean.Count);
            return (FisherSnedecor.InvCDF(Pairs, Pairs, alpha), FisherSnedecor.InvCDF(Pairs, Pairs, 1 - alpha));
        }
    }

    /// <summary>Ex. 1 (b): 500 latents from (−1, 2) to (−1, −2) through the stochastic reverse process.</summary>
    public static readonly Settings Exercise1b = new("1b", [-1.0, 2.0], [-1.0, -2.0], Processes.Stochastic);

    /// <summary>Ex. 1 (e): 500 latents from (−2, 0) to (2, 0) through the stochastic, the identical-noise and the DDIM process.</summary>
    public static readonly Settings Exercise1e = new("1e", [-2.0, 0.0], [2.0, 0.0], Processes.Stochastic | Processes.SameNoise | Processes.Ddim);

    /// <summary>The grader's step noise of the stepped processes, per (seed, process, T, N, d): the hand-in cannot influence it.</summary>
    private static readonly SeedCache<(ulong Seed, Processes Process, int Steps, int Count, int Dimension), float[][][]> StepNoise = new();

    public InterpolationThroughReverseProcesses(Settings settings)
        : base(IdOf(settings))
    {
        Design = settings;
        Design.Validate(minCount: 4);
        if (Design.Runs == 0) throw new ArgumentException("A part runs at least one process.", nameof(settings));
    }

    public Settings Design { get; }

    private static string IdOf(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"diffusion.heidelberg.interpolation-through-reverse-processes.{settings.Exercise}";
    }

    /// <summary>
    /// The reference's stochastic process under the oracle, one coordinate: y = Gain·z + Offset + e, e ~ N(0, Variance),
    /// from the step laws of <see cref="ReverseStepHasPosteriorVariance.StepLaw"/> (x ← c x + o + σ ξ, σ = 0 at t = 0).
    /// </summary>
    public static (double Gain, double Offset, double Variance) StochasticLaw(NoiseSchedule schedule, double dataMean, double dataVariance)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        double gain = 1, offset = 0, variance = 0;
        for (var t = schedule.T - 1; t >= 0; t--)
        {
            var (c, o, sigma2) = ReverseStepHasPosteriorVariance.StepLaw(schedule, t, dataMean, dataVariance);
            gain *= c;
            offset = c * offset + o;
            variance = c * c * variance + (t > 0 ? sigma2 : 0);
        }

        return (gain, offset, variance);
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, ILatentInterpolation interpolation)
    {
        IReverseStep? step = null;
        ISameNoiseSampler? sameNoise = null;
        IDdimStep? ddim = null;
        var s = Design;
        if (s.Runs.HasFlag(Processes.Stochastic))
        {
            if (call.Resolve<IReverseStep>(context, out var resolved) is { } noStep) return noStep;
            step = resolved;
        }

        if (s.Runs.HasFlag(Processes.SameNoise))
        {
            if (call.Resolve<ISameNoiseSampler>(context, out var resolved) is { } noSampler) return noSampler;
            sameNoise = resolved;
        }

        if (s.Runs.HasFlag(Processes.Ddim))
        {
            if (call.Resolve<IDdimStep>(context, out var resolved) is { } noDdim) return noDdim;
            ddim = resolved;
        }

        var d = s.From.Count;
        var n = s.Count;
        var what = $"Interpolate(({string.Join(", ", s.From.Select(F))}), ({string.Join(", ", s.To.Select(F))}), {n})";
        if (call.Run(what, () => interpolation.Interpolate(torch.tensor(s.From.ToArray(), d), torch.tensor(s.To.ToArray(), d), n), out var output) is { } threw) return threw;
        if (call.Tensor(what, output, [n, d], $"{n} latents of dimension {d}, one per row") is { } bad) return bad;
        var latents = output.contiguous().clone();

        var schedule = s.Schedule();
        var scatter = Enumerable.Range(0, d).Select(j => 2 * StochasticLaw(schedule, s.DataMean[j], s.DataVariance[j]).Variance).ToArray();
        var passes = new List<string>();
        foreach (var process in new[] { Processes.Stochastic, Processes.SameNoise, Processes.Ddim }.Where(p => s.Runs.HasFlag(p)))
        {
            // The stochastic claim compares runs A, B and C; the closeness claims read run A alone.
            var runCount = process == Processes.Stochastic ? 3 : 1;
            var runs = new double[runCount][];
            var stepNoise = process == Processes.SameNoise ? null : StepNoise.For((context.Seed, process, schedule.T, n, d), () => DrawStepNoise(context.Seed, process, runCount, schedule.T, n, d));
            for (var r = 0; r < runCount; r++)
            {
                var noise = new KeyedNoise(NoiseSeed(context.Seed, process, r));
                var oracle = new LinearGaussianOracle(schedule, s.DataMean, s.DataVariance, OracleTime.RawIndex);
                if (RunProcess(call, process, r, latents, schedule, oracle, noise, stepNoise?[r], step, sameNoise, ddim, out var final) is { } failed) return failed;
                runs[r] = final;
            }

            var neighbours = new double[d];
            var between = new double[d];
            for (var k = 0; k < s.Pairs; k++)
            for (var j = 0; j < d; j++)
            {
                var a = runs[0][(2 * k + 1) * d + j] - runs[0][2 * k * d + j];
                neighbours[j] += a * a;
                if (runCount < 3) continue;
                var b = runs[1][2 * k * d + j] - runs[2][2 * k * d + j];
                between[j] += b * b;
            }

            var verdict = process == Processes.Stochastic
                ? Stochastic(neighbours, between, out var summary)
                : Close(process, neighbours, scatter, out summary);
            if (verdict is not null) return verdict;
            passes.Add(summary);
        }

        return CheckResult.Pass(Id, $"Your interpolated latents through your reverse process{(passes.Count > 1 ? "es" : "")}: {string.Join("; ", passes)}.", SheetRef);
    }

    private CheckResult? Stochastic(double[] neighbours, double[] between, out string summary)
    {
        var (low, high) = Design.Band();
        summary = "";
        const string process = "the stochastic reverse process of 1 (a)";
        for (var j = 0; j < neighbours.Length; j++)
        {
            if (!(between[j] > 0))
            {
                return CheckResult.Fail(Id,
                    $"Two runs of {process} with different noise end at the same points (coordinate {j + 1}): your reverse step adds no noise. The reverse process adds √β̃_t·z with fresh z at every step t ≥ 1.",
                    expected: "runs with different noise end at different points", seen: "identical end points", sheetRef: SheetRef);
            }

            var q = neighbours[j] / between[j];
            if (q >= low && q <= high) continue;
            var tooClose = q < low;
            return CheckResult.Fail(Id,
                tooClose
                    ? $"After {process}, neighbouring latents of your interpolation end {F(Math.Sqrt(q))} times as far apart (coordinate {j + 1}) as one latent run twice with different noise: the neighbours stay together, so every sample got the same noise. In (b) each sample gets its own noise, so neighbours end as far apart as independent samples and the connected line becomes a tangle; the identical noise for all samples is the idea of 1 (c)."
                    : $"After {process}, neighbouring latents of your interpolation end {F(Math.Sqrt(q))} times as far apart (coordinate {j + 1}) as one latent run twice with different noise: independent noise per sample scatters neighbours exactly as far as independent runs (ratio ≈ 1), no farther.",
                expected: $"neighbour scatter / independent-run scatter in [{F(low)}, {F(high)}]", seen: F(q), sheetRef: SheetRef);
        }

        summary = $"{process} scatters neighbours as far as independent samples (squared-distance ratio {string.Join(", ", neighbours.Select((v, j) => F(v / between[j])))} per coordinate, ≈ 1)";
        return null;
    }

    private CheckResult? Close(Processes process, double[] neighbours, double[] scatter, out string summary)
    {
        var name = process == Processes.SameNoise ? "the identical-noise reverse process of 1 (c)" : "the deterministic DDIM of 1 (d)";
        var why = process == Processes.SameNoise
            ? "With the identical noise for all samples, neighbouring latents must stay neighbours."
            : "The deterministic DDIM adds no noise (σ_t = 0 at η = 0), so neighbouring latents must stay neighbours.";
        summary = "";
        var ratios = new double[neighbours.Length];
        for (var j = 0; j < neighbours.Length; j++)
        {
            ratios[j] = neighbours[j] / (Design.Pairs * scatter[j]);
            if (ratios[j] <= Design.CloseFraction) continue;
            return CheckResult.Fail(Id,
                $"After {name}, neighbouring latents of your interpolation end {F(Math.Sqrt(ratios[j]))} times as far apart (coordinate {j + 1}) as two independent samples from one latent: the path is torn apart, not continuous. {why}",
                expected: $"neighbours at most {F(Math.Sqrt(Design.CloseFraction))} times the independent-sample distance", seen: F(Math.Sqrt(ratios[j])), sheetRef: SheetRef);
        }

        summary = $"{name} keeps neighbours together ({string.Join(", ", ratios.Select(r => F(Math.Sqrt(r))))} times the independent-sample distance per coordinate)";
        return null;
    }

    /// <summary>The keyed noise of one run of one process: a function of the grading seed, the process and the run only.</summary>
    private static ulong NoiseSeed(ulong seed, Processes process, int run) =>
        seed ^ (0x1B1E_0000_0000_0001UL + (ulong)process * 0x100UL + (ulong)run) * 0x9E37_79B9_7F4A_7C15UL;

    /// <summary>
    /// The step noise the grader passes in a stepped process (stochastic, DDIM), per run and code index t: z of step t,
    /// [N, d] row-major, exactly <c>KeyedNoise.ForStep(t, [N, d])</c> of the run's <see cref="NoiseSeed"/>.
    /// </summary>
    private static float[][][] DrawStepNoise(ulong seed, Processes process, int runCount, int steps, int n, int d)
    {
        var runs = new float[runCount][][];
        for (var r = 0; r < runCount; r++)
        {
            var noise = new KeyedNoise(NoiseSeed(seed, process, r));
            runs[r] = new float[steps][];
            for (var t = 0; t < steps; t++) runs[r][t] = noise.ForStep(t, [n, d]).ToArray();
        }

        return runs;
    }

    private static CheckResult? RunProcess(HandinCall call, Processes process, int run, Tensor latents, NoiseSchedule schedule, IEpsilonNetwork network, KeyedNoise noise,
        float[][]? stepNoise, IReverseStep? step, ISameNoiseSampler? sameNoise, IDdimStep? ddim, out double[] final)
    {
        final = [];
        var n = latents.size(0);
        var d = latents.size(1);
        int[] shape = [n, d];
        if (process == Processes.SameNoise)
        {
            var what = $"SampleSameNoise(your interpolated latents, schedule, network, noise) (run {run + 1})";
            var tutor = $"T = {schedule.T}, {n} latents of dimension {d}";
            if (call.Run(what, () => sameNoise!.SampleSameNoise(latents.clone(), schedule, network, noise), out var trajectory) is { } threw) return threw.WithTutorDetail(tutor);
            var named = network is LinearGaussianOracle oracle ? HiddenTensor.SameNoiseSteps(oracle.VisitedSteps, schedule.T) : null;
            if (HiddenTensor.Check(call, what, trajectory, [schedule.T + 1, n, d], "the trajectory [T + 1, N, d], the latents first and the samples last", named, tutor) is { } bad) return bad;
            var all = trajectory.contiguous().ToDoubleArray();
            final = all.AsSpan(schedule.T * n * d, n * d).ToArray();
            return null;
        }

        var x = latents.clone();
        for (var t = schedule.T - 1; t >= 0; t--)
        {
            var z = torch.tensor(stepNoise![t], shape);
            var xt = x;
            var current = t;
            var what = process == Processes.Stochastic
                ? $"ReverseStep(x_t, t, z, schedule, network) on your interpolated latents (run {run + 1})"
                : $"DdimStep(x_t, t, η = 0, z, schedule, network) on your interpolated latents (run {run + 1})";
            var tutor = $"T = {schedule.T}, at t = {t}, {n} latents of dimension {d}";
            if (call.Run(what, () => process == Processes.Stochastic
                    ? step!.ReverseStep(xt, current, z, schedule, network)
                    : ddim!.DdimStep(xt, current, 0.0, z, schedule, network), out var next) is { } threw) return threw.WithTutorDetail(tutor);
            if (HiddenTensor.Check(call, what, next, shape, "x_{t−1} of the shape of x_t, [N, d]", tutor: tutor) is { } bad) return bad;
            x = next;
        }

        final = x.contiguous().ToDoubleArray();
        return null;
    }

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
