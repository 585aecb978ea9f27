using Grader.Tensors;

namespace Grader.Contracts.Diffusion;

/// <summary>
/// Where a hand-in takes its own random numbers from, in place of <c>torch.randint</c> and <c>torch.randn</c>. Draws
/// are keyed: the numbers of a request are fixed by the method and the number of values asked for (laid out in the
/// shape asked for, row-major), not by the order of the calls, so the grader can replay a hand-in's draws exactly.
/// Asking the same method for the same number of values twice gives the same numbers.
/// </summary>
public interface IRandomSource
{
    /// <summary>Integers uniform on <paramref name="low"/> … <paramref name="high"/> − 1 (as float32 values) of the given shape, like <c>torch.randint(low, high, shape)</c>.</summary>
    Tensor Integers(int low, int high, int[] shape);

    /// <summary>Standard normal values of the given shape, like <c>torch.randn(shape)</c>.</summary>
    Tensor Normal(int[] shape);
}
