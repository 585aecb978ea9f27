using Grader.Checks.Flows.Snapshots;
using Grader.Contracts.Flows;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (c) (sheet 000): the hand-in's affine coupling block (<see cref="IAffineCouplingBlock"/>)
/// equals the reference's, <c>Forward</c> and <c>Inverse</c>, outputs and log-determinants, on the fixed cases of
/// snapshot <c>flows/coupling-block</c> (channels 2–5, clamps 0.5–5, ReLU and tanh subnets whose weights reach the soft
/// clamp's saturation, inputs from 10⁻² to 10²).
/// </summary>
/// <remarks>
/// <b>Tolerance</b> per element: twice the first-order float32 bound of the block's formulas at that input (the grader's
/// double evaluation with running error bounds, any summation order) for the hand-in, plus the same for the
/// reference's stored value; stored in the snapshot by its producer. <b>Diagnoses</b> (the snapshot's variants): the
/// log-determinant's sign, the clamp's factor missing from it, the batch's sum in place of each sample's; the inverse
/// multiplying by exp(s) as the forward does; the soft clamp left out; the 0.1 on the subnet's output left out.
/// </remarks>
public sealed class CouplingBlockMatchesReference() : SnapshotCheck<CouplingBlockSnapshot, IAffineCouplingBlock>(
    "flows.heidelberg.coupling-block-matches-reference",
    "sheet 000, ex. 2 (c): the INN's affine coupling block (FrEIA's AllInOneBlock), y = (x₁, x₂ ⊙ exp(s) + t) and its inverse",
    FlowsSnapshots.Folder, CouplingBlockSnapshot.Name)
{
    /// <summary>What each known wrong variant means, in the sheet's terms.</summary>
    public static IReadOnlyDictionary<string, string> Explanations { get; } = DiagnosisFile.Read("Flows", "coupling-block");

    protected override CheckResult Check(CheckContext context, HandinCall call, CouplingBlockSnapshot snapshot, IAffineCouplingBlock block)
    {
        var compared = new List<ComparedCall>();
        for (int k = 0; k < snapshot.Cases.Count; k++)
        {
            var c = snapshot.Cases[k];
            var subnet = c.Subnet.Create();
            if (Math.Abs(FlowsSnapshots.WeightSum(subnet) - c.SubnetWeightSum) > 1e-9 * (1 + Math.Abs(c.SubnetWeightSum)))
                return call.Error($"the subnet of case {k} of snapshot {CouplingBlockSnapshot.Name} no longer reproduces from its seed (the grader's generator changed; a grader defect).");
            var setting = Setting(c);
            if (BlockComparison.Call(call, "Forward(x, subnet, clamp)", x => block.Forward(x, subnet, c.Clamp), k, c.X, c.N, c.Channels, setting, c.Forward, compared) is { } f) return f;
            if (BlockComparison.Call(call, "Inverse(y, subnet, clamp)", y => block.Inverse(y, subnet, c.Clamp), k, c.Y, c.N, c.Channels, setting, c.Inverse, compared) is { } i) return i;
        }

        if (BlockComparison.Compare(call, compared, Explanations, showSetting: true) is { } failed) return failed;
        return CheckResult.Pass(Id,
            $"Forward and Inverse match the reference on {snapshot.Cases.Count} cases ({compared.Sum(c => c.LogDet.Length)} samples, outputs and log-determinants) within the float32 tolerance.", SheetRef);
    }

    private static string Setting(CouplingBlockCase c) => string.Create(CultureInfo.InvariantCulture,
        $"C = {c.Channels}, clamp {c.Clamp:G3}, {c.Subnet.Activation} subnet with weights ×{c.Subnet.WeightScale:G3}");
}
