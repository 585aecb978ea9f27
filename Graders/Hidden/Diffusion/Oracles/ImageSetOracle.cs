using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Oracles;

/// <summary>
/// <see cref="FiniteSetOracle"/> for image batches: the exact ε-network of a finite set of images, taking x_t as
/// [N, C, H, W] (Heidelberg ex. 1 (f)) and returning ε̂ in the same shape. Anything but that shape is refused with a
/// message that names the layout it expects, so a sampler that flattens or drops the channel axis errs plainly.
/// </summary>
public sealed class ImageSetOracle : IEpsilonNetwork
{
    private readonly FiniteSetOracle _flat;

    /// <param name="schedule">The schedule the sampler runs with.</param>
    /// <param name="images">The set, [M, C·H·W] (flattened row by row, as <see cref="Images.UnseenImages"/> holds it).</param>
    /// <param name="imageShape">[C, H, W] of one image.</param>
    /// <param name="time">How the time input is read.</param>
    public ImageSetOracle(NoiseSchedule schedule, Tensor images, int[] imageShape, OracleTime time)
    {
        ArgumentNullException.ThrowIfNull(imageShape);
        if (imageShape.Length != 3 || imageShape.Any(s => s <= 0)) throw new ArgumentException("An image is [C, H, W].", nameof(imageShape));
        ImageShape = (int[])imageShape.Clone();
        _flat = new FiniteSetOracle(schedule, images, time);
        if (_flat.Dimension != ImageShape[0] * ImageShape[1] * ImageShape[2])
            throw new ArgumentException($"The set's images hold {_flat.Dimension} values, not C·H·W.", nameof(images));
    }

    /// <summary>[C, H, W].</summary>
    public IReadOnlyList<int> ImageShape { get; }

    /// <summary>The code index of every call (of its first row), in call order.</summary>
    public IReadOnlyList<int> VisitedSteps => _flat.VisitedSteps;

    public Tensor Forward(Tensor zt, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(zt);
        if (zt.dim() != 4 || !zt.shape.Skip(1).SequenceEqual(ImageShape))
            throw new ArgumentException(
                $"the ε-network expects x_t as a batch of images [N, C, H, W] with the C, H and W you were given, got a tensor of {zt.dim()} dimension{(zt.dim() == 1 ? "" : "s")}"
                + (zt.dim() == 4 ? " of another image shape" : "") + " (images flattened, or the channel axis dropped or moved?)");
        var n = zt.size(0);
        return _flat.Forward(zt.reshape(n, _flat.Dimension), t).reshape(zt.shape);
    }
}
