using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Sheet 000/001, ex. 1 (b): the claims of <see cref="InterpolationIsLinearInLatentSpace"/> (shape, ends, on the
/// segment, λ_i = i/(count − 1)) on three segments drawn from the check's seed: d ∈ {2, 3}, every coordinate of both
/// ends uniform on [−3, 3], count ∈ [3, 700] (not a visible count). The expected line is the contract's definition,
/// as in the visible check.
/// </summary>
public sealed class InterpolationOnUnseenInputs() : HandinCheck<ILatentInterpolation>(
    "diffusion.heidelberg.interpolation-on-unseen-inputs")
{
    protected override CheckResult Check(CheckContext context, HandinCall call, ILatentInterpolation interpolation)
    {
        var result = InterpolationIsLinearInLatentSpace.Against(call, interpolation, Draw(new UnseenSetup(context.NewGenerator(1))));
        return UnseenResult.Conceal(result, "Interpolate");
    }

    /// <summary>The segments of one run.</summary>
    public static IReadOnlyList<(double[] From, double[] To, int Count)> Draw(UnseenSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return Enumerable.Range(0, 3).Select(_ =>
        {
            var d = setup.Dimension();
            double[] Point() => Enumerable.Range(0, d).Select(_ => setup.Uniform(-3, 3)).ToArray();
            return (Point(), Point(), setup.BatchSize(3, 700));
        }).ToArray();
    }
}
