using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the INN as a chain of coupling blocks, each followed by its permutation y = c·Pᵀ. The
/// inverse runs the blocks backwards and undoes each permutation with P (P is orthogonal). The permutations have
/// |det P| = 1, so the log-determinant is the sum of the couplings'.
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
            z = c.matmul(AsIndexPermutation(block.Permutation).t());
            logDet = logDet + ld;
        }
        return (z, logDet);
    }

    public (Tensor X, Tensor LogDet) Inverse(Tensor z, IReadOnlyList<InnBlock> blocks, double clamp)
    {
        Tensor x = z, logDet = zeros(z.size(0));
        for (int b = blocks.Count - 1; b >= 0; b--)
        {
            var (u, ld) = _coupling.Inverse(x.matmul(AsIndexPermutation(blocks[b].Permutation)), blocks[b].Subnet, clamp);
            x = u;
            logDet = logDet + ld;
        }
        return (x, logDet);
    }

    // MUTANT: the mixing read as an index permutation, output channel i = input channel argmax_j P[i, j]; right only
    // when P is a permutation matrix, not for the rotation of FrEIA's permute_soft
    private static Tensor AsIndexPermutation(Tensor p)
    {
        int c = p.size(0);
        var w = p.contiguous().ToArray();
        var hard = new float[c * c];
        for (int i = 0; i < c; i++)
        {
            int best = 0;
            for (int j = 1; j < c; j++) if (w[i * c + j] > w[i * c + best]) best = j;
            hard[i * c + best] = 1f;
        }
        return tensor(hard, c, c);
    }
}
