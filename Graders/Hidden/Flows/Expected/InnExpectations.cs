using Grader.Checks.Comparison;
using Grader.Checks.Flows.Snapshots;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Flows;
using Grader.Reference.Flows.Handin;

namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>
/// What an INN (<see cref="IInvertibleNeuralNetwork"/>) must return for an input: the reference's output
/// (<see cref="ReferenceInvertibleNeuralNetwork"/>), and the tolerances and the exactness guard of
/// <see cref="CouplingExpectations"/>, the bound carried through the chain (the inverse's also covers undoing a rotation
/// with Pᵀ). The wrong variants are the chain with one part changed, evaluated in double.
/// </summary>
public static class InnExpectations
{
    /// <summary>The blocks as the contract passes them.</summary>
    public static IReadOnlyList<InnBlock> Blocks(IReadOnlyList<(FixedSubnet Subnet, float[] Permutation)> blocks, int c) =>
        blocks.Select(b => new InnBlock(b.Subnet, torch.tensor(b.Permutation, c, c))).ToArray();

    /// <summary>Forward(x) of the chain; x is [n, c] flattened.</summary>
    public static ExpectedOutputs Forward(IReadOnlyList<(FixedSubnet Subnet, float[] Permutation)> blocks, double clamp, float[] x, int n, int c) => Of(blocks, clamp, x, n, c, inverse: false);

    /// <summary>Inverse(z) of the chain; z is [n, c] flattened.</summary>
    public static ExpectedOutputs Inverse(IReadOnlyList<(FixedSubnet Subnet, float[] Permutation)> blocks, double clamp, float[] z, int n, int c) => Of(blocks, clamp, z, n, c, inverse: true);

    private static ExpectedOutputs Of(IReadOnlyList<(FixedSubnet Subnet, float[] Permutation)> blocks, double clamp, float[] input, int n, int c, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(input);
        var reference = new ReferenceInvertibleNeuralNetwork();
        var contractBlocks = Blocks(blocks, c);
        var tensor = torch.tensor(input, n, c);
        Tensor values, logDet;
        using (torch.no_grad())
        {
            (values, logDet) = inverse ? reference.Inverse(tensor, contractBlocks, clamp) : reference.Forward(tensor, contractBlocks, clamp);
        }
        var v = values.ToArray();
        var ld = logDet.ToArray();
        var chain = blocks.Select(b => DoubleCouplingBlock.Of(b.Subnet, torch.tensor(b.Permutation, c, c))).ToArray();
        var transposed = chain.Select(b => b with { Mixing = Transpose(b.Mixing!) }).ToArray();
        var unmixed = chain.Select(b => b with { Mixing = null }).ToArray();
        var forwardOrder = chain.Reverse().ToArray();

        var valueTolerance = new double[n * c];
        var logDetTolerance = new double[n];
        var exactLogDet = new double[n];
        var lastBlock = new double[n];
        var variants = new Dictionary<string, float[]>
        {
            ["permutation-transposed"] = new float[n * c],
            ["permutation-not-undone"] = new float[n * c],
            ["blocks-in-forward-order"] = new float[n * c],
        };
        for (int i = 0; i < n; i++)
        {
            var xi = input.AsSpan(i * c, c).ToArray().Select(f => (double)f).ToArray();
            var e = inverse ? CouplingChain.Inverse(chain, clamp, xi) : CouplingChain.Forward(chain, clamp, xi);
            var (logDetExact, logDetError) = LogDeterminantBound.Of(e, inverse);
            exactLogDet[i] = logDetExact;
            double lastSum = e.LogScales[^1].Value.Sum();
            lastBlock[i] = inverse ? -lastSum : lastSum;
            for (int j = 0; j < c; j++)
                valueTolerance[i * c + j] = CouplingExpectations.Within(v[i * c + j], e.Value[j], e.Error[j], "output");
            logDetTolerance[i] = CouplingExpectations.Within(ld[i], logDetExact, logDetError, "log-determinant");

            Write(variants["permutation-transposed"], i, c, (inverse ? CouplingChain.Inverse(transposed, clamp, xi, u: 0) : CouplingChain.Forward(transposed, clamp, xi, u: 0)).Value);
            if (inverse)
            {
                Write(variants["permutation-not-undone"], i, c, CouplingChain.Inverse(unmixed, clamp, xi, u: 0).Value);
                Write(variants["blocks-in-forward-order"], i, c, CouplingChain.Inverse(forwardOrder, clamp, xi, u: 0).Value);
            }
        }

        var valueVariants = variants.Where(p => inverse || p.Key == "permutation-transposed").Select(p => new Variant(p.Key, p.Value)).ToList();
        var logDetVariants = new List<Variant>
        {
            new("log-det-sign", exactLogDet.Select(l => (float)-l).ToArray()),
            new("last-block-only", lastBlock.Select(l => (float)l).ToArray()),
        };
        return new ExpectedOutputs(v, valueTolerance, ld, logDetTolerance, valueVariants, logDetVariants);
    }

    private static double[,] Transpose(double[,] m)
    {
        var t = new double[m.GetLength(1), m.GetLength(0)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) t[j, i] = m[i, j];
        return t;
    }

    private static void Write(float[] target, int row, int c, double[] values)
    {
        for (int j = 0; j < c; j++) target[row * c + j] = (float)values[j];
    }
}
