using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>
/// The reference as a hand-in of Heidelberg ex. 2 (c), the INN: per block the <see cref="AffineCoupling"/>, then the
/// mixing y = c·Pᵀ; backwards, c = y·P (P orthogonal) and the coupling's inverse. This is a chain of
/// <see cref="AllInOneBlock"/>s with the global scale 1 and offset 0 they start with.
/// </summary>
public sealed class ReferenceInvertibleNeuralNetwork : IInvertibleNeuralNetwork
{
    public (Tensor Z, Tensor LogDet) Forward(Tensor x, IReadOnlyList<InnBlock> blocks, double clamp)
    {
        ArgumentNullException.ThrowIfNull(x);
        Check(blocks, x);
        Tensor z = x, logDet = torch.zeros(x.size(0));
        foreach (var block in blocks)
        {
            var (c, ld) = AffineCoupling.Forward(z, block.Subnet.Forward, clamp);
            z = c.matmul(block.Permutation.t());
            logDet = logDet + ld;
        }
        return (z, logDet);
    }

    public (Tensor X, Tensor LogDet) Inverse(Tensor z, IReadOnlyList<InnBlock> blocks, double clamp)
    {
        ArgumentNullException.ThrowIfNull(z);
        Check(blocks, z);
        Tensor x = z, logDet = torch.zeros(z.size(0));
        for (int b = blocks.Count - 1; b >= 0; b--)
        {
            var (u, ld) = AffineCoupling.Inverse(x.matmul(blocks[b].Permutation), blocks[b].Subnet.Forward, clamp);
            x = u;
            logDet = logDet + ld;
        }
        return (x, logDet);
    }

    private static void Check(IReadOnlyList<InnBlock> blocks, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (x.dim() != 2) throw new ArgumentException($"INN: input must be [N, C], got [{string.Join(", ", x.shape)}]");
        int c = x.size(1);
        foreach (var block in blocks)
        {
            ArgumentNullException.ThrowIfNull(block);
            if (block.Permutation.dim() != 2 || block.Permutation.size(0) != c || block.Permutation.size(1) != c)
                throw new ArgumentException($"INN: a permutation must be [{c}, {c}], got [{string.Join(", ", block.Permutation.shape)}]");
        }
    }
}
