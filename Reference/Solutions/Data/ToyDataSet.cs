using Grader.Tensors;

namespace Grader.Reference.Data;

/// <summary>
/// A generated 2-D training set. <see cref="Data"/> is the standardised tensor the network trains on ([N, 2]);
/// <see cref="Raw"/> is the same points before standardising; <see cref="Labels"/> says which arm, centre or moon
/// each point came from (the notebook colours by it). <see cref="Density"/> is the exact density in standardised
/// space where one exists (the Gaussian mixture), else null.
/// </summary>
public sealed record ToyDataSet(string Name, Tensor Data, Tensor Raw, Standardisation Standardisation, int[] Labels, GaussianMixture? Density = null)
{
    public int Count => Data.size(0);
}
