using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;
using Grader.Reference.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="InvertibleNetworkMatchesReference"/> on INNs and inputs drawn from the run's
/// seed, expected values computed live by the reference (<see cref="InnExpectations"/>): three chains of 2–5 channels
/// and 1–3 blocks, each block a subnet (weights ×0.3–3) and a permutation matrix or a rotation, clamps 0.5–5, 3–30
/// samples of scale 0.1–10, Forward and Inverse. The first chain has 2–3 blocks and its first mixing is a rotation far
/// from any permutation and from its own transpose, so every run has the case classes (<see cref="CaseClasses"/>).
/// </summary>
public sealed class InvertibleNetworkMatchesReferenceOnFreshInputs() : HandinCheck<IInvertibleNeuralNetwork>(
    "flows.heidelberg.inn-matches-reference.fresh"), IDrawsCaseClasses
{
    /// <summary>INNs per run.</summary>
    public const int Cases = 3;

    /// <summary>One INN and its inputs: c channels, n samples, the blocks (subnet, mixing W [c·c]), the clamp, x and z [n, c].</summary>
    public sealed record InnCase(int C, int N, (FixedSubnet Subnet, float[] Permutation)[] Chain, double Clamp, float[] X, float[] Z);

    /// <summary>
    /// The inputs that tell the sheet's chain from its near misses, each in every run by construction (the first chain):
    /// several blocks; a mixing W with max |W − Wᵀ| ≥ 0.2 (for C = 2 both permutations are symmetric, so y = c·W and
    /// y = c·Wᵀ agree on every permutation of the two channels); a mixing whose rows' largest entries are at most 0.95 in
    /// size, far from any permutation matrix.
    /// </summary>
    public static CaseClasses<InnCase> Classes { get; } = new(
        new CaseClass<InnCase>("several-blocks",
            "the log-determinant of the last block alone, or Inverse running the blocks in Forward's order: equal to the chain's with one block",
            k => k.Chain.Length >= 2),
        new CaseClass<InnCase>("mixing-unlike-its-transpose",
            "the mixing transposed (y = c·W for y = c·Wᵀ): equal for a symmetric W, as every permutation of two channels is",
            k => k.Chain.Any(b => Asymmetry(b.Permutation, k.C) >= 0.2)),
        new CaseClass<InnCase>("rotation-far-from-a-permutation",
            "the mixing applied as an index permutation (each output channel the input channel of its row's largest entry): equal for a permutation matrix",
            k => k.Chain.Any(b => LargestEntry(b.Permutation, k.C) <= 0.95)));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "").NewGenerator(1)));

    /// <summary>max |W_ij − W_ji|.</summary>
    private static double Asymmetry(float[] w, int c) =>
        Enumerable.Range(0, c * c).Max(i => Math.Abs((double)w[i] - w[i % c * c + i / c]));

    /// <summary>The largest |W_ij| of any row (1 for a permutation matrix).</summary>
    private static double LargestEntry(float[] w, int c) => w.Max(v => Math.Abs((double)v));

    /// <summary>A rotation (<see cref="BlockPermutation.Soft"/>) drawn again until it is far from its transpose and from every permutation.</summary>
    private static float[] FarRotation(Generator g, int c)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            var w = BlockPermutation.Soft(c, g).contiguous().ToArray();
            if (Asymmetry(w, c) >= 0.2 && LargestEntry(w, c) <= 0.95) return w;
        }
        throw new InvalidOperationException("grader defect: no rotation far from a permutation in 1,000 draws");
    }

    /// <summary>The run's INNs: the first with 2–3 blocks and a far rotation as its first mixing, the others as drawn.</summary>
    private static IReadOnlyList<InnCase> Drawn(Generator g)
    {
        var cases = new List<InnCase>();
        for (int k = 0; k < Cases; k++)
        {
            int c = FreshDraws.Int(g, 2, 5), blocks = FreshDraws.Int(g, k == 0 ? 2 : 1, 3), n = FreshDraws.Int(g, 3, 30);
            var chain = Enumerable.Range(0, blocks).Select(b =>
            {
                var subnet = FreshDraws.Subnet(g, c, FreshDraws.LogUniform(g, 0.3, 3));
                return (subnet, k == 0 && b == 0 ? FarRotation(g, c) : FreshDraws.Mixing(g, c));
            }).ToArray();
            double clamp = FreshDraws.Uniform(g, 0.5, 5);
            var x = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.1, 10));
            var z = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.1, 10));
            cases.Add(new InnCase(c, n, chain, clamp, x, z));
        }
        return cases;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IInvertibleNeuralNetwork inn)
    {
        var cases = Drawn(context.NewGenerator(1));
        var compared = new List<ComparedCall>();
        for (int k = 0; k < cases.Count; k++)
        {
            var (c, n, chain, clamp, x, z) = cases[k];
            var contractBlocks = InnExpectations.Blocks(chain, c);
            foreach (var (forward, input) in new[] { (true, x), (false, z) })
            {
                var what = forward ? "Forward(x, blocks, clamp)" : "Inverse(z, blocks, clamp)";
                var expected = forward ? InnExpectations.Forward(chain, clamp, input, n, c) : InnExpectations.Inverse(chain, clamp, input, n, c);
                if (BlockComparison.Call(call, what, t => forward ? inn.Forward(t, contractBlocks, clamp) : inn.Inverse(t, contractBlocks, clamp), k, input, n, c, null, expected, compared) is { } failed)
                    return failed;
            }
        }
        return BlockComparison.Compare(call, compared, InvertibleNetworkMatchesReference.Explanations, showSetting: false)
            ?? CheckResult.Pass(Id, "Forward and Inverse match the reference on INNs and inputs drawn for this run.", SheetRef);
    }
}
