namespace Grader.Tensors;

/// <summary>
/// The few in-place writes the engine allows: loading parameters and optimizer updates on leaves. They bypass the
/// graph, so they are refused on tensors that are part of a recorded computation, and each bumps the buffer's version
/// (<see cref="TensorStorage.Version"/>, shared by every view): a backward whose rule reads a tensor written here after
/// its op ran fails instead of differentiating values the forward never saw.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Overwrites this tensor's values with <paramref name="source"/>'s (same number of elements).</summary>
    public void CopyFrom(Tensor source)
    {
        if (grad_fn != null) throw new InvalidOperationException("CopyFrom on a tensor that is the result of a recorded op");
        if (source.numel() != numel()) throw new ArgumentException($"CopyFrom: {source.numel()} values for a tensor of shape {ShapeUtil.Format(Shape)}");
        CopyInto(source.detach().reshape(Shape), this);
        BumpVersion();
    }

    /// <summary>Direct span over the storage of a contiguous leaf, for optimizers (the caller writes it: the version is bumped).</summary>
    internal Span<float> MutableSpan()
    {
        if (!is_contiguous()) throw new InvalidOperationException("in-place update of a non-contiguous tensor");
        BumpVersion();
        return Data.AsSpan(Offset, numel());
    }
}
