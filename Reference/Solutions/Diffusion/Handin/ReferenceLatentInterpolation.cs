using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 1 (b)/(e): <see cref="LatentInterpolation.Line"/>.</summary>
public sealed class ReferenceLatentInterpolation : ILatentInterpolation
{
    public Tensor Interpolate(Tensor from, Tensor to, int count)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return LatentInterpolation.Line(from.ToDoubleArray(), to.ToDoubleArray(), count);
    }
}
