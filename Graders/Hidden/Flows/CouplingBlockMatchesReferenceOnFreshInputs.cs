using Grader.Checks.Checking;
using Grader.Checks.Flows;
using Grader.Checks.Flows.Snapshots;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Checks.Results;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="CouplingBlockMatchesReference"/> on inputs drawn from the run's seed, expected
/// values computed live by the reference (<see cref="CouplingExpectations"/>): four blocks with 2–6 channels, 3–40
/// samples, subnets 4–64 wide (ReLU or tanh) with weights ×0.3–30 (log-uniform; the clamp saturates at the top), clamps
/// 0.5–5, inputs ×0.01–100, Forward and Inverse. The feedback names the bug as the visible check does and shows the
/// failing sample, not the set-up.
/// </summary>
public sealed class CouplingBlockMatchesReferenceOnFreshInputs : ICheck
{
    /// <summary>Blocks per run.</summary>
    public const int Cases = 4;

    public string Id => "flows.heidelberg.coupling-block-matches-reference.fresh";

    public string SheetRef => "sheet 000, ex. 2 (c): the INN's affine coupling block (FrEIA's AllInOneBlock), y = (x₁, x₂ ⊙ exp(s) + t) and its inverse";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IAffineCouplingBlock>(context, out var block) is { } unresolved) return unresolved;
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
                var t = FlowsSnapshots.Tensor(input, n, c);
                if (call.Run(what, () => forward ? block.Forward(t, subnet, clamp) : block.Inverse(t, subnet, clamp), out var result) is { } threw) return threw;
                if (BlockComparison.Shapes(call, what, result.Item1, result.Item2, n, c, expected.LogDet) is { } bad) return bad;
                compared.Add(new ComparedCall(what, k, input, c, null, result.Item1.ToArray(), result.Item2.ToArray(), expected));
            }
        }
        return BlockComparison.Compare(call, compared, CouplingBlockMatchesReference.Explanations, showSetting: false)
            ?? CheckResult.Pass(Id, "Forward and Inverse match the reference on blocks and inputs drawn for this run.", SheetRef);
    }
}
