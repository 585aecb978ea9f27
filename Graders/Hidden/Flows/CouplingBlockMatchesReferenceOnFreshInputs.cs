using Grader.Checks.Flows;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="CouplingBlockMatchesReference"/> on inputs drawn from the run's seed, expected
/// values computed live by the reference (<see cref="CouplingExpectations"/>): four blocks with 2–6 channels, 3–40
/// samples, subnets 4–64 wide (ReLU or tanh) with weights ×0.3–30 (log-uniform; the clamp saturates at the top), clamps
/// 0.5–5, inputs ×0.01–100, Forward and Inverse. The feedback names the bug as the visible check does and shows the
/// failing sample, not the set-up.
/// </summary>
public sealed class CouplingBlockMatchesReferenceOnFreshInputs() : HandinCheck<IAffineCouplingBlock>(
    "flows.heidelberg.coupling-block-matches-reference.fresh")
{
    /// <summary>Blocks per run.</summary>
    public const int Cases = 4;

    protected override CheckResult Check(CheckContext context, HandinCall call, IAffineCouplingBlock block)
    {
        var g = context.NewGenerator(1);
        var compared = new List<ComparedCall>();
        for (int k = 0; k < Cases; k++)
        {
            int c = FreshDraws.Int(g, 2, 6), n = FreshDraws.Int(g, 3, 40);
            var subnet = FreshDraws.Subnet(g, c, FreshDraws.LogUniform(g, 0.3, 30));
            double clamp = FreshDraws.Uniform(g, 0.5, 5);
            var x = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.01, 100));
            var y = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.01, 100));
            foreach (var (forward, input) in new[] { (true, x), (false, y) })
            {
                var what = forward ? "Forward(x, subnet, clamp)" : "Inverse(y, subnet, clamp)";
                var expected = forward ? CouplingExpectations.Forward(subnet, clamp, input, n, c) : CouplingExpectations.Inverse(subnet, clamp, input, n, c);
                if (BlockComparison.Call(call, what, t => forward ? block.Forward(t, subnet, clamp) : block.Inverse(t, subnet, clamp), k, input, n, c, null, expected, compared) is { } failed)
                    return failed;
            }
        }
        return BlockComparison.Compare(call, compared, CouplingBlockMatchesReference.Explanations, showSetting: false)
            ?? CheckResult.Pass(Id, "Forward and Inverse match the reference on blocks and inputs drawn for this run.", SheetRef);
    }
}
