using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using static Grader.Tensors.torch;

namespace Grader.Checks.Tests.Diffusion;

public sealed class InterpolationIsLinearInLatentSpaceTests
{
    private static readonly InterpolationIsLinearInLatentSpace Check = new();

    /// <summary>Each bug fails, its message naming what was wrong (each case keeps the name it had as a test of its own).</summary>
    [TestCase(InterpolationBug.Swapped, "first latent", "should be (-1, 2)", "The ends are swapped", TestName = "SwappedEndsAreNamed")]
    [TestCase(InterpolationBug.WithoutLastPoint, "last latent", "Both ends are included", TestName = "UnevenSpacingFails")]
    [TestCase(InterpolationBug.OneShort, "shape [499, 2]", "expected count = 500 latents of dimension 2, shape [500, 2]", TestName = "AWrongCountFailsOnItsShape")]
    [TestCase(InterpolationBug.Quadratic, "not evenly spaced", "λ = 1/499", TestName = "PointsOnTheSegmentButBunchedFail")]
    public void ABugFailsNamingIt(InterpolationBug bug, params string[] parts) =>
        DiffusionCheckHarness.Run(Check, new FormulaInterpolation(bug)).ShouldFailWith(parts);
}

public enum InterpolationBug { None, Slerp, Swapped, WithoutLastPoint, OneShort, Quadratic }

/// <summary>Heidelberg 1 (b)/(e): count points a + λ(b − a), λ = i/(count − 1), with at most one bug.</summary>
internal sealed class FormulaInterpolation(InterpolationBug bug, bool convex = false) : ILatentInterpolation
{
    public Tensor Interpolate(Tensor from, Tensor to, int count)
    {
        var a = from.ToDoubleArray();
        var b = to.ToDoubleArray();
        if (bug == InterpolationBug.Swapped) (a, b) = (b, a);
        var rows = bug == InterpolationBug.OneShort ? count - 1 : count;
        var d = a.Length;
        var data = new float[rows * d];
        for (var i = 0; i < rows; i++)
        {
            var lambda = bug switch
            {
                InterpolationBug.WithoutLastPoint => (double)i / count,
                InterpolationBug.Quadratic => Math.Pow((double)i / (count - 1), 2),
                _ => (double)i / (count - 1),
            };
            if (bug == InterpolationBug.Slerp)
            {
                var na = Math.Sqrt(a.Sum(v => v * v));
                var nb = Math.Sqrt(b.Sum(v => v * v));
                var omega = Math.Acos(Math.Clamp(a.Zip(b, (p, q) => p * q).Sum() / (na * nb), -1, 1));
                for (var j = 0; j < d; j++)
                    data[i * d + j] = (float)((Math.Sin((1 - lambda) * omega) * a[j] + Math.Sin(lambda * omega) * b[j]) / Math.Sin(omega));
                continue;
            }

            for (var j = 0; j < d; j++)
                data[i * d + j] = convex ? (float)((1 - lambda) * a[j] + lambda * b[j]) : (float)a[j] + (float)lambda * (float)(b[j] - a[j]);
        }

        return tensor(data, rows, d);
    }
}
