using Grader.Checks.Flows;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="InvertibleNetworkMatchesReference"/> on INNs and inputs drawn from the run's
/// seed, expected values computed live by the reference (<see cref="InnExpectations"/>): three chains of 2–5 channels
/// and 1–3 blocks, each block a subnet (weights ×0.3–3) and a permutation matrix or a rotation, clamps 0.5–5, 3–30
/// samples of scale 0.1–10, Forward and Inverse.
/// </summary>
public sealed class InvertibleNetworkMatchesReferenceOnFreshInputs() : HandinCheck<IInvertibleNeuralNetwork>(
    "flows.heidelberg.inn-matches-reference.fresh")
{
    /// <summary>INNs per run.</summary>
    public const int Cases = 3;

    protected override CheckResult Check(CheckContext context, HandinCall call, IInvertibleNeuralNetwork inn)
    {
        var g = context.NewGenerator(1);
        var compared = new List<ComparedCall>();
        for (int k = 0; k < Cases; k++)
        {
            int c = FreshDraws.Int(g, 2, 5), blocks = FreshDraws.Int(g, 1, 3), n = FreshDraws.Int(g, 3, 30);
            var chain = Enumerable.Range(0, blocks).Select(_ => (FreshDraws.Subnet(g, c, FreshDraws.LogUniform(g, 0.3, 3)), FreshDraws.Mixing(g, c))).ToArray();
            double clamp = FreshDraws.Uniform(g, 0.5, 5);
            var x = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.1, 10));
            var z = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.1, 10));
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
