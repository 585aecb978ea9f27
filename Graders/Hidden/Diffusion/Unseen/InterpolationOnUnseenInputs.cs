using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 000/001, ex. 1 (b): the claims of <see cref="InterpolationIsLinearInLatentSpace"/> (shape, ends, on the
/// segment, λ_i = i/(count − 1)) on three segments drawn from the check's seed: d ∈ {2, 3} (the first segment d = 3),
/// every coordinate of both ends uniform on [−3, 3] with each coordinate of <c>to</c> at least
/// <see cref="MinMove"/> from <c>from</c>'s, count ∈ [3, 700] (not a visible count). The expected line is the
/// contract's definition, as in the visible check.
/// </summary>
/// <remarks>
/// The sheet's cases every run (<see cref="CaseClasses"/>, issue 45 item 4): a latent of three dimensions (the sheet's
/// are two: a hand-in written for (x₁, x₂) only passes every two-dimensional segment) and segments that move every
/// coordinate (the sheet's two segments each move one; a step that moves only some coordinates passes a segment along
/// them). The ends λ = 0 and 1 need no class: every segment has both (count ≥ 3), and the visible check's tolerance
/// holds λ_i = i/(count − 1) at every i.
/// </remarks>
public sealed class InterpolationOnUnseenInputs() : HandinCheck<ILatentInterpolation>(
    "diffusion.heidelberg.interpolation-on-unseen-inputs"), IDrawsCaseClasses
{
    /// <summary>The least distance between the two ends in every coordinate.</summary>
    public const double MinMove = 0.5;

    /// <summary>The classes every run draws (<see cref="Draw"/>).</summary>
    public static CaseClasses<(double[] From, double[] To, int Count)> Classes { get; } = new(
        new CaseClass<(double[] From, double[] To, int Count)>("three-dimensional-latent",
            "only the sheet's two coordinates (x₁, x₂) interpolated: a [count, 2] result, or the third coordinate lost (mutant interpolation-two-coordinates-only)",
            s => s.From.Length == 3),
        new CaseClass<(double[] From, double[] To, int Count)>("every-coordinate-moves",
            "a coordinate left at its first end (the step taken along one axis, as the sheet's segments run: mutant interpolation-last-coordinate-only)",
            s => s.From.Zip(s.To, (a, b) => Math.Abs(b - a)).All(m => m >= MinMove)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Draw(new UnseenSetup(new CheckContext(_ => null, seed, "").NewGenerator(1))));

    protected override CheckResult Check(CheckContext context, HandinCall call, ILatentInterpolation interpolation)
    {
        var result = InterpolationIsLinearInLatentSpace.Against(call, interpolation, Draw(new UnseenSetup(context.NewGenerator(1))));
        return UnseenResult.Conceal(result, "Interpolate");
    }

    /// <summary>The segments of one run.</summary>
    public static IReadOnlyList<(double[] From, double[] To, int Count)> Draw(UnseenSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return Enumerable.Range(0, 3).Select(i =>
        {
            var d = i == 0 ? 3 : setup.Dimension();
            var from = Enumerable.Range(0, d).Select(_ => setup.Uniform(-3, 3)).ToArray();
            var to = from.Select(a =>
            {
                while (true)
                {
                    var b = setup.Uniform(-3, 3);
                    if (Math.Abs(b - a) >= MinMove) return b;
                }
            }).ToArray();
            return (from, to, setup.BatchSize(3, 700));
        }).ToArray();
    }
}
