using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Linear interpolation in latent (z_T) space and its reverse process: Heidelberg sheet 10, ex. 1(b) — 500 points
/// between (−1, 2) and (−1, −2) — and ex. 1(e) — between (−2, 0) and (2, 0); run through any sampler (DDPM (b),
/// same noise (c), DDIM (d)).
/// </summary>
public static class LatentInterpolation
{
    /// <summary>The number of interpolation points the sheet asks for.</summary>
    public const int SheetPoints = 500;

    /// <summary>Ex. 1(b): the segment from (−1, 2) to (−1, −2).</summary>
    public static (double[] From, double[] To) SegmentB { get; } = ([-1.0, 2.0], [-1.0, -2.0]);

    /// <summary>Ex. 1(e): the segment from (−2, 0) to (2, 0).</summary>
    public static (double[] From, double[] To) SegmentE { get; } = ([-2.0, 0.0], [2.0, 0.0]);

    /// <summary>
    /// <paramref name="points"/> equally spaced latents on the segment, both ends included: z_i = a + λ_i (b − a) with
    /// λ = linspace(0, 1, points), computed in double. Shape [points, d].
    /// </summary>
    public static Tensor Line(double[] from, double[] to, int points = SheetPoints)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Length != to.Length || from.Length == 0)
            throw new ArgumentException($"The end points must have the same, non-zero dimension; got {from.Length} and {to.Length}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var d = from.Length;
        var data = new double[points * d];
        for (var i = 0; i < points; i++)
        {
            var lambda = (double)i / (points - 1);
            for (var j = 0; j < d; j++) data[i * d + j] = from[j] + lambda * (to[j] - from[j]);
        }

        return tensor(data, points, d);
    }

    /// <summary>
    /// The same segment between latents of any shape (images [C, H, W] for ex. 1 (f)): [points, …] with the shape of
    /// <paramref name="from"/>, computed in double on the flattened latents.
    /// </summary>
    public static Tensor Line(Tensor from, Tensor to, int points = SheetPoints)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (!from.shape.SequenceEqual(to.shape))
            throw new ArgumentException($"The end points must have the same shape; got [{string.Join(", ", from.shape)}] and [{string.Join(", ", to.shape)}].");
        return Line(from.ToDoubleArray(), to.ToDoubleArray(), points).reshape([points, .. from.shape]);
    }

    /// <summary>
    /// The backward trajectory of the interpolation, [S + 1, points, d] (latents first, samples last); neighbouring
    /// points along dimension 1 are the ones the sheet connects in its plots.
    /// </summary>
    public static Tensor Run(ReverseSampler sampler, IEpsilonModel model, double[] from, double[] to, StepNoise noise, int points = SheetPoints)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return sampler.Trajectory(model, Line(from, to, points), noise);
    }
}
