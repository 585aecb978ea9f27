using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the INN as a chain of coupling blocks, each followed by its mixing y_i = Σ_j P_ij·c_j,
/// written as a loop over the output columns (a sum of c's columns scaled by P's entries) instead of c·Pᵀ. The inverse
/// runs the blocks backwards and undoes each mixing with x_j = Σ_i P_ij·y_i (P is orthogonal). |det P| = 1, so the
/// log-determinant is the sum of the couplings'.
/// </summary>
public sealed class InvertibleNeuralNetwork : IInvertibleNeuralNetwork
{
    private readonly AffineCouplingBlock _coupling = new();

    public (Tensor Z, Tensor LogDet) Forward(Tensor x, IReadOnlyList<InnBlock> blocks, double clamp)
    {
        Tensor z = x, logDet = zeros(x.size(0));
        foreach (var block in blocks)
        {
            var (c, ld) = _coupling.Forward(z, block.Subnet, clamp);
            z = Mix(c, block.Permutation, transpose: false);
            logDet = logDet + ld;
        }
        return (z, logDet);
    }

    public (Tensor X, Tensor LogDet) Inverse(Tensor z, IReadOnlyList<InnBlock> blocks, double clamp)
    {
        Tensor x = z, logDet = zeros(z.size(0));
        for (int b = blocks.Count - 1; b >= 0; b--)
        {
            var (u, ld) = _coupling.Inverse(Mix(x, blocks[b].Permutation, transpose: true), blocks[b].Subnet, clamp);
            x = u;
            logDet = logDet + ld;
        }
        return (x, logDet);
    }

    /// <summary>Column i of the result is Σ_j P_ij·c_j (or Σ_j P_ji·c_j with <paramref name="transpose"/>).</summary>
    private static Tensor Mix(Tensor c, Tensor permutation, bool transpose)
    {
        int d = permutation.size(0);
        float[] p = permutation.contiguous().ToArray();
        var columns = new Tensor[d];
        for (int i = 0; i < d; i++)
        {
            Tensor sum = zeros(c.size(0), 1);
            for (int j = 0; j < d; j++)
            {
                float weight = transpose ? p[j * d + i] : p[i * d + j];
                if (weight != 0) sum = sum + c.narrow(1, j, 1) * weight;
            }
            columns[i] = sum;
        }
        return cat(columns, 1);
    }
}
