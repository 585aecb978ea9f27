namespace Grader.Tensors;

/// <summary>
/// Backward refused a rule because a tensor it reads was written in place after its op saved it (autograd's version
/// counters, <see cref="Node"/>; PyTorch's "one of the variables needed for gradient computation has been modified by
/// an inplace operation"). Only the engine makes one (the constructor is internal), so a grader that sees this type
/// from the engine's assembly knows the message is the engine's, not a hand-in's, and may show it.
/// </summary>
public sealed class SavedTensorWrittenException : InvalidOperationException
{
    internal SavedTensorWrittenException(string message) : base(message) { }
}
