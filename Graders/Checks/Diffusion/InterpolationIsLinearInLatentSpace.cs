using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Diffusion;

/// <summary>
/// Heidelberg sheet 10, ex. 1 (b) and (e) (sheets 000 and 001): <c>Interpolate(from, to, count)</c> returns count latents evenly
/// spaced on the straight segment, both ends included, in order: z_i = a + λ_i·(b − a) with λ_i = i/(count − 1).
/// </summary>
/// <remarks>
/// <para>
/// <b>Cases</b>: the sheet's (−1, 2) → (−1, −2) and (−2, 0) → (2, 0) with count 500, and (0.5, −1.25) → (−3, 2.75) with
/// count 5. The expected line is the contract's definition, computed here in double; no snapshot is needed.
/// </para>
/// <para>
/// <b>Claims, in order</b>: the shape [count, d]; finite values; the endpoints; every point on the line through a and b;
/// λ_i = i/(count − 1) (equal spacing and order). A spherical (slerp) or any curved interpolation fails on the line
/// with its largest distance from it.
/// </para>
/// <para>
/// <b>Tolerance</b>: a float32 z_i = a + λ_i(b − a) (or (1 − λ_i)a + λ_i b, with λ from a float32 linspace) is within
/// 5u·(|a| + |b|) of the exact point per coordinate (λ rounded twice, two products, a sum); the tolerance is twice that,
/// 10u·(‖a‖∞ + ‖b‖∞), and for λ that divided by ‖b − a‖∞.
/// </para>
/// <para>
/// <b>Feedback plots</b>, on a pass and on a failure, one per case the hand-in answered with [rows, d] latents: the
/// reference's path (the evenly spaced points of the segment) as a line, the hand-in's latents as a line ("your path")
/// and as points ("your latents"); non-finite latents are left out.
/// </para>
/// </remarks>
public sealed class InterpolationIsLinearInLatentSpace() : HandinCheck<ILatentInterpolation>(
    "diffusion.heidelberg.interpolation-is-linear-in-latent-space",
    "ex. 1 (b) and (e): a linear interpolation of the latents x_T, z_i = a + λ_i·(b − a) with λ_i = i/(count − 1), both ends included")
{
    /// <summary>The cases: from, to, count.</summary>
    public static IReadOnlyList<(double[] From, double[] To, int Count)> Cases { get; } =
    [
        ([-1.0, 2.0], [-1.0, -2.0], 500),
        ([-2.0, 0.0], [2.0, 0.0], 500),
        ([0.5, -1.25], [-3.0, 2.75], 5),
    ];

    protected override CheckResult Check(CheckContext context, HandinCall call, ILatentInterpolation interpolation) =>
        Against(call, interpolation, Cases);

    /// <summary>Runs the claims on <paramref name="cases"/> (the visible ones, or cases the tutor side draws per run).</summary>
    public static CheckResult Against(HandinCall call, ILatentInterpolation interpolation, IReadOnlyList<(double[] From, double[] To, int Count)> cases)
    {

        var plots = new List<Plot?>();
        CheckResult WithPlots(CheckResult r) => r with { Plots = FeedbackPlots.List(plots) };
        foreach (var (a, b, count) in cases)
        {
            var d = a.Length;
            var segment = $"from {Point(a)} to {Point(b)} with count {count}";
            var what = $"Interpolate({Point(a)}, {Point(b)}, {count})";
            if (call.Run(what, () => interpolation.Interpolate(torch.tensor(a, d), torch.tensor(b, d), count), out var result) is { } threw) return WithPlots(threw);
            var values = result?.ToArray();
            if (values is not null && result!.shape.Length == 2 && result.shape[1] == d) plots.Add(Path(a, b, count, values));
            if (call.Tensor(what, result, [count, d], $"expected count = {count} latents of dimension {d}, shape [{count}, {d}]") is { } bad) return WithPlots(bad);

            var z = values!;
            var scale = a.Max(Math.Abs) + b.Max(Math.Abs);
            var tolerance = 10 * Float32Bound.U * scale;
            var direction = a.Zip(b, (p, q) => q - p).ToArray();
            var length2 = direction.Sum(v => v * v);
            var lambdaTolerance = tolerance / direction.Max(Math.Abs);

            foreach (var (index, end, name) in new[] { (0, a, "first"), (count - 1, b, "last") })
            {
                var error = Enumerable.Range(0, d).Max(j => Math.Abs(z[index * d + j] - end[j]));
                if (error > tolerance)
                {
                    var swapped = Enumerable.Range(0, d).Max(j => Math.Abs(z[index * d + j] - (index == 0 ? b : a)[j])) <= tolerance;
                    var hint = swapped ? " The ends are swapped: the interpolation runs from `from` to `to`." : " Both ends are included (like np.linspace).";
                    return WithPlots(call.Fail(
                        $"The {name} latent of the interpolation {segment} should be {Point(end)}, seen {Row(z, index, d)} (|Δ| = {E(error)} > tolerance {E(tolerance)}).{hint} " +
                        $"Smallest counterexample: point {index} of {segment}. Re-read {call.SheetRef}.",
                        expected: Point(end), seen: Row(z, index, d)));
                }
            }

            var lambdas = new double[count];
            var worstDistance = 0.0;
            var worstPoint = 0;
            for (var i = 0; i < count; i++)
            {
                var offset = Enumerable.Range(0, d).Select(j => z[i * d + j] - a[j]).ToArray();
                lambdas[i] = offset.Zip(direction, (p, q) => p * q).Sum() / length2;
                var distance = Enumerable.Range(0, d).Max(j => Math.Abs(offset[j] - lambdas[i] * direction[j]));
                if (distance > worstDistance) { worstDistance = distance; worstPoint = i; }
            }

            if (worstDistance > tolerance)
            {
                return WithPlots(call.Fail(
                    $"The latents leave the straight segment {segment}: point {worstPoint}, {Row(z, worstPoint, d)}, is {E(worstDistance)} away from the line (tolerance {E(tolerance)}). " +
                    "A linear interpolation keeps every point on the segment, z_i = a + λ_i·(b − a); a spherical interpolation (slerp) is the improvement 1 (e) asks about, not what 1 (b) asks for. " +
                    $"Smallest counterexample: point {worstPoint} of {segment}. Re-read {call.SheetRef}.",
                    expected: "every point on the segment", seen: $"point {worstPoint} {E(worstDistance)} off the line"));
            }

            for (var i = 0; i < count; i++)
            {
                var wanted = (double)i / (count - 1);
                if (Math.Abs(lambdas[i] - wanted) <= lambdaTolerance) continue;
                var expectedPoint = a.Zip(direction, (p, q) => p + wanted * q).ToArray();
                var order = i > 0 && lambdas[i] < lambdas[i - 1] ? " The points are out of order: they must run from `from` to `to`." : "";
                return WithPlots(call.Fail(
                    $"The latents are on the segment {segment} but not evenly spaced: point {i} should be at λ = {i}/{count - 1} = {F(wanted)}, {Point(expectedPoint)}, " +
                    $"seen λ = {F(lambdas[i])}, {Row(z, i, d)}.{order} Smallest counterexample: point {i} of {segment}. Re-read {call.SheetRef}.",
                    expected: Point(expectedPoint), seen: Row(z, i, d)));
            }
        }

        return WithPlots(CheckResult.Pass(call.CheckId,
            $"Interpolate gives evenly spaced latents on the straight segment, both ends included, in order, for {string.Join("; ", cases.Select(c => $"{Point(c.From)} → {Point(c.To)} ({c.Count})"))}.",
            call.SheetRef));
    }

    /// <summary>
    /// The interpolation path for the feedback: the reference's z_i = a + λ_i·(b − a), λ_i = i/(count − 1), as a line,
    /// and the hand-in's latents (rows of <paramref name="z"/>, [rows, 2]) as a line and as points, in the first two
    /// coordinates; null when d &lt; 2.
    /// </summary>
    private static Plot? Path(double[] a, double[] b, int count, float[] z)
    {
        var d = a.Length;
        if (d < 2) return null;
        var reference = Enumerable.Range(0, count).Select(i => (double)i / (count - 1)).Select(l => (a[0] + l * (b[0] - a[0]), a[1] + l * (b[1] - a[1])));
        return FeedbackPlots.Of($"Interpolation path from {Point(a)} to {Point(b)}, count {count}", "z₁", "z₂",
            [
                FeedbackPlots.Series("reference path", PlotStyle.Line, reference, 1000),
                FeedbackPlots.Rows("your path", PlotStyle.Line, z, d, 1000),
                FeedbackPlots.Rows("your latents", PlotStyle.Points, z, d, 1000),
            ], equalAspect: true);
    }

    private static string Point(double[] p) => "(" + string.Join(", ", p.Select(F)) + ")";
}
