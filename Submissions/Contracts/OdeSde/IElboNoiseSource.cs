using Grader.Tensors;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// Sheet 003, task 2.5 ("The SDE objective depends upon sampling random t-values"): where the random draws of the ELBO
/// come from. Draws are keyed: each is fixed by the method and the shape, not by the order of the calls, so the grader
/// can replay a hand-in's ELBO exactly and see what it drew.
/// </summary>
public interface IElboNoiseSource
{
    /// <summary>Times t ~ U(0, 1) of the given shape (the notebook: <c>torch.rand(y_batch.size())</c>, one per example).</summary>
    Tensor Times(int[] shape);

    /// <summary>Standard normal ε of the given shape for the draw x₀ ~ q₀(x₀ | y).</summary>
    Tensor NoiseAtZero(int[] shape);

    /// <summary>Standard normal ε of the given shape for the draw x₁ ~ q₁(x₁ | y).</summary>
    Tensor NoiseAtOne(int[] shape);

    /// <summary>Standard normal ε of the given shape for the draw x_t ~ q_t(x_t | y) at the drawn times.</summary>
    Tensor NoiseAtTime(int[] shape);
}
