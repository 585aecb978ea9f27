using Grader.Tensors;

namespace Grader.Reference.Data;

/// <summary>
/// A toy distribution on ℝᵈ with an exact density: draws come from an explicit <see cref="Generator"/>, and
/// <see cref="LogProb"/> is the log-density of the same law (−∞ off its support).
/// </summary>
public interface IToyDistribution
{
    /// <summary>The dimension d of a point.</summary>
    int Dim { get; }

    /// <summary>n independent draws, shape [n, d].</summary>
    Tensor Sample(int n, Generator generator);

    /// <summary>log p(x) for x of shape [n, d]; shape [n]. Computed in double, returned as float32.</summary>
    Tensor LogProb(Tensor x);
}
