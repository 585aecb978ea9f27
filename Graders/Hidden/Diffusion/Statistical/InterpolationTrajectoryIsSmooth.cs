using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Statistical;

/// <summary>
/// Sheet 000, ex. 1 (b) and (e) (tasks 000/1b/interpolation, 000/1e/second-interpolation): the hand-in's interpolated
/// latents, taken through the deterministic DDIM reverse process, trace a straight, evenly spaced, ordered path from the
/// image of the first end point to the image of the second.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> <c>Interpolate(from, to, 500)</c> with the sheet's end points ((−1, 2) → (−1, −2) for 1 (b),
/// (−2, 0) → (2, 0) for 1 (e)). The 500 latents are pushed through the full DDIM η = 0 chain (T = 250, β linear
/// 1e-4 … 0.02) with the exact ε-predictor of data N((0.5, −0.5), diag(0.25, 1)), computed by the grader in double
/// (<see cref="DdimMap"/>, cross-checked against the reference's <c>GaussianOutputLaw</c>). With that predictor every
/// DDIM step is affine, so the whole chain is y_j = G_j z_j + O_j per coordinate (G = (0.513, 0.997) here).
/// </para>
/// <para>
/// <b>Why the grader's DDIM.</b> This part grades the interpolation itself, so a missing, throwing or clipping DDIM
/// (task 1 (d)) cannot cost it; what the hand-in's own reverse processes do to the interpolation is the other part of
/// the task (<see cref="InterpolationThroughReverseProcesses"/>). An invertible affine map keeps straight lines straight
/// and ratios of lengths along them, so the image is a straight, evenly spaced path exactly when the latents are. The
/// image is what the sheet's trajectory plot of 1 (d) shows, so the feedback speaks about it.
/// </para>
/// <para>
/// <b>Claims</b> (deterministic, false-fail probability 0; tolerances relative to the mean neighbour distance h of the
/// image, far above float32 rounding — 3e-5 h even for a hand-in that accumulates x += Δ 500 times — and far below any
/// bug's signal):
/// <list type="number">
/// <item><description>Shape [500, 2], finite; the first and last latents are the end points (within
/// <see cref="Settings.EndpointTolerance"/> = 0.05 h in the image).</description></item>
/// <item><description>Straight: every image point lies within <see cref="Settings.CollinearityTolerance"/> = 0.01 h of
/// the line through the first and last image points.</description></item>
/// <item><description>Ordered and evenly spaced: the positions along that line increase, and every gap is
/// h ± <see cref="Settings.SpacingTolerance"/> = 1 % of h.</description></item>
/// </list>
/// </para>
/// <para>
/// <b>Power</b>: spherical interpolation (mutant interpolation-not-linear) leaves the line by up to 1.24 (1 (b), the arc
/// of radius √5 over a chord of 4, i.e. ≈ 150 h) and breaks down between the antipodal end points of 1 (e) (it divides
/// by sin π ≈ 1e-16, or gives NaN) — caught;
/// i/count instead of i/(count − 1) misses the last end point by h (20× the tolerance); shuffled or reversed latents fail
/// the order; a wrong count fails the shape.
/// </para>
/// </remarks>
public sealed class InterpolationTrajectoryIsSmooth : HandinCheck<ILatentInterpolation>
{
    /// <summary>The check's design parameters.</summary>
    /// <param name="Exercise">"1b" or "1e": which part of the sheet, used in the id.</param>
    /// <param name="From">The first end point (the sheet's).</param>
    /// <param name="To">The second end point.</param>
    /// <param name="Count">Number of latents (the sheet: 500).</param>
    /// <param name="Steps">T.</param>
    /// <param name="BetaFirst">β at code index 0.</param>
    /// <param name="BetaLast">β at code index T − 1.</param>
    /// <param name="EndpointTolerance">Allowed end-point miss, in units of h.</param>
    /// <param name="CollinearityTolerance">Allowed distance from the line, in units of h.</param>
    /// <param name="SpacingTolerance">Allowed deviation of a gap from h, in units of h.</param>
    public sealed record Settings(string Exercise, IReadOnlyList<double> From, IReadOnlyList<double> To, int Count = 500, int Steps = 250,
        double BetaFirst = 1e-4, double BetaLast = 0.02, double EndpointTolerance = 0.05, double CollinearityTolerance = 0.01, double SpacingTolerance = 0.01) : InterpolationDesign(Exercise, From, To, Count, Steps, BetaFirst, BetaLast);

    /// <summary>Ex. 1 (b): 500 latents from (−1, 2) to (−1, −2).</summary>
    public static readonly Settings Exercise1b = new("1b", [-1.0, 2.0], [-1.0, -2.0]);

    /// <summary>Ex. 1 (e): 500 latents from (−2, 0) to (2, 0).</summary>
    public static readonly Settings Exercise1e = new("1e", [-2.0, 0.0], [2.0, 0.0]);

    public InterpolationTrajectoryIsSmooth(Settings settings)
        : base(IdOf(settings))
    {
        Design = settings;
        Design.Validate(minCount: 3);
    }

    public Settings Design { get; }

    private static string IdOf(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"diffusion.heidelberg.interpolation-trajectory-is-smooth.{settings.Exercise}";
    }

    /// <summary>
    /// The full DDIM η = 0 chain (eq. 12, σ = 0, ᾱ_{−1} = 1) under the exact predictor of data N(μ, s²), as the affine
    /// map y = Gain·z + Offset of one coordinate.
    /// </summary>
    public static (double Gain, double Offset) DdimMap(NoiseSchedule schedule, double dataMean, double dataVariance)
    {
        var terms = new ScheduleTerms(schedule);
        double gain = 1, offset = 0;
        for (var t = terms.T - 1; t >= 0; t--)
        {
            var (k, l) = LinearGaussianOracle.Coefficients(terms, t, dataMean, dataVariance);
            var abar = terms.AlphaBar[t];
            var prev = terms.AlphaBarPrevious[t];
            // z_prev = √ᾱ_prev·(z − √(1 − ᾱ)ε̂)/√ᾱ + √(1 − ᾱ_prev)·ε̂, ε̂ = K z + L.
            var a = Math.Sqrt(prev / abar);
            var e = Math.Sqrt(1 - prev) - a * Math.Sqrt(1 - abar);
            var c = a + e * k;
            gain *= c;
            offset = c * offset + e * l;
        }

        return (gain, offset);
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, ILatentInterpolation interpolation)
    {
        var s = Design;
        var d = s.From.Count;
        var n = s.Count;
        int[] shape = [n, d];
        var what = $"Interpolate(({string.Join(", ", s.From.Select(F))}), ({string.Join(", ", s.To.Select(F))}), {n})";
        if (call.Run(what, () => interpolation.Interpolate(torch.tensor(s.From.ToArray(), d), torch.tensor(s.To.ToArray(), d), n), out var output) is { } threw) return threw;
        if (call.Tensor(what, output, shape, $"{n} latents of dimension {d}, one per row") is { } bad) return bad;
        var z = output.contiguous().ToDoubleArray();

        var schedule = s.Schedule();
        var map = Enumerable.Range(0, d).Select(j => DdimMap(schedule, s.DataMean[j], s.DataVariance[j])).ToArray();
        var y = new double[z.Length];
        for (var i = 0; i < z.Length; i++) y[i] = map[i % d].Gain * z[i] + map[i % d].Offset;
        double[] Image(IReadOnlyList<double> p) => p.Select((v, j) => map[j].Gain * v + map[j].Offset).ToArray();
        double[] Point(double[] v, int i) => v.AsSpan(i * d, d).ToArray();
        string P(double[] v) => "(" + string.Join(", ", v.Select(F)) + ")";

        var start = Image(s.From);
        var end = Image(s.To);
        var length = Distance(start, end);
        var h = length / (n - 1);
        // Named in the sheet's terms only (the sheet's end points and count are public): the hidden set-up (T, the oracle, its image) goes to the tutor.
        var setUp = "your latents pushed through the deterministic reverse process; h the distance of neighbours' images there";
        var tutor = $"T = {schedule.T}, β {schedule.Betas[0]:G3} … {schedule.Betas[^1]:G3}, linear Gaussian oracle; image of the segment {P(start)} → {P(end)}, h = {F(h)}";

        // 1: end points.
        foreach (var (index, target, name) in new[] { (0, s.From, "first"), (n - 1, s.To, "last") })
        {
            var miss = Distance(Point(y, index), Image(target));
            if (miss <= s.EndpointTolerance * h) continue;
            return CheckResult.Fail(Id,
                $"The {name} latent is {P(Point(z, index))}, not the end point ({string.Join(", ", target.Select(F))}) ({setUp}; its image misses by {F(miss / h)} h). Both end points belong to the interpolation.",
                expected: $"latent {index} = ({string.Join(", ", target.Select(F))})", seen: P(Point(z, index)), sheetRef: SheetRef) with { TutorDetail = tutor };
        }

        // 2 and 3: straight, ordered, evenly spaced.
        var u = end.Select((v, j) => (v - start[j]) / length).ToArray();
        var previous = 0.0;
        for (var i = 0; i < n; i++)
        {
            var offset = Point(y, i).Select((v, j) => v - start[j]).ToArray();
            var along = offset.Select((v, j) => v * u[j]).Sum();
            var off = Math.Sqrt(Math.Max(0, offset.Select(v => v * v).Sum() - along * along));
            if (off > s.CollinearityTolerance * h)
            {
                return CheckResult.Fail(Id,
                    $"Latent {i}, {P(Point(z, i))}, is not on the straight segment between the end points: its DDIM image lies {F(off / h)} h off the line ({setUp}). A linear interpolation is from + (i/(count − 1))·(to − from); a spherical one (slerp) is the improvement 1 (e) asks about, not the interpolation itself.",
                    expected: "every latent on the segment from → to", seen: $"latent {i} = {P(Point(z, i))}, {F(off / h)} h off the line", sheetRef: SheetRef) with { TutorDetail = tutor };
            }

            if (i == 0) { previous = along; continue; }
            var gap = along - previous;
            if (Math.Abs(gap - h) > s.SpacingTolerance * h)
            {
                return CheckResult.Fail(Id,
                    $"Latents {i - 1} and {i} ({P(Point(z, i - 1))}, {P(Point(z, i))}) are {F(gap / h)} h apart along the path, not 1 h: the latents must be evenly spaced and in order from the first end point to the second ({setUp}).",
                    expected: "equal steps of h along the segment", seen: $"step {F(gap / h)} h between latents {i - 1} and {i}", sheetRef: SheetRef) with { TutorDetail = tutor };
            }

            previous = along;
        }

        return CheckResult.Pass(Id,
            $"Your latents run in order and evenly spaced along the segment ({string.Join(", ", s.From.Select(F))}) → ({string.Join(", ", s.To.Select(F))}), and their DDIM trajectory ends on a straight, evenly spaced path ({setUp}).",
            SheetRef) with { TutorDetail = tutor };
    }

    private static double Distance(double[] a, double[] b)
    {
        double s = 0;
        for (var j = 0; j < a.Length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.Sqrt(s);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
