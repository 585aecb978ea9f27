using Grader.Checks.Flows.Snapshots;
using Grader.Contracts.Flows;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (c) (sheet 000): the hand-in's INN (<see cref="IInvertibleNeuralNetwork"/>) equals the
/// reference's, <c>Forward</c> and <c>Inverse</c>, outputs and log-determinants, on the fixed cases of snapshot
/// <c>flows/invertible-network</c> (chains of 2–3 blocks, permutation matrices and rotations).
/// </summary>
/// <remarks>
/// <b>Tolerance</b> per element as for <see cref="CouplingBlockMatchesReference"/>, the bound carried through the chain;
/// for an inverse with rotations it also allows undoing a float32 rotation with Pᵀ rather than P⁻¹ (orthogonal only to
/// about C·u). <b>Diagnoses</b> (the snapshot's variants): the mixing not undone in the inverse; the inverse running the
/// blocks in the forward order; the mixing applied as c·P (Forward) or undone with y·Pᵀ (Inverse); only the last block's
/// log-determinant; the log-determinant's sign.
/// </remarks>
public sealed class InvertibleNetworkMatchesReference() : SnapshotCheck<InvertibleNetworkSnapshot, IInvertibleNeuralNetwork>(
    "flows.heidelberg.inn-matches-reference",
    "sheet 000, ex. 2 (c): the INN, a chain of affine coupling blocks each followed by a fixed permutation, and its inverse",
    FlowsSnapshots.Folder, InvertibleNetworkSnapshot.Name)
{
    /// <summary>What each known wrong variant means, in the sheet's terms.</summary>
    public static IReadOnlyDictionary<string, string> Explanations { get; } = DiagnosisFile.Read("Flows", "invertible-network");

    protected override CheckResult Check(CheckContext context, HandinCall call, InvertibleNetworkSnapshot snapshot, IInvertibleNeuralNetwork inn)
    {
        var compared = new List<ComparedCall>();
        for (int k = 0; k < snapshot.Cases.Count; k++)
        {
            var c = snapshot.Cases[k];
            var blocks = new List<InnBlock>();
            foreach (var b in c.Blocks)
            {
                var subnet = b.Subnet.Create();
                if (Math.Abs(FlowsSnapshots.WeightSum(subnet) - b.SubnetWeightSum) > 1e-9 * (1 + Math.Abs(b.SubnetWeightSum)))
                    return call.Error($"a subnet of case {k} of snapshot {InvertibleNetworkSnapshot.Name} no longer reproduces from its seed (the grader's generator changed; a grader defect).");
                blocks.Add(new InnBlock(subnet, FlowsSnapshots.Tensor(b.Permutation, c.Channels, c.Channels)));
            }
            var setting = string.Create(CultureInfo.InvariantCulture, $"C = {c.Channels}, {c.Blocks.Count} blocks, clamp {c.Clamp:G3}");
            foreach (var forward in new[] { true, false })
            {
                var what = forward ? "Forward(x, blocks, clamp)" : "Inverse(z, blocks, clamp)";
                var input = forward ? c.X : c.Z;
                var expected = forward ? c.Forward : c.Inverse;
                if (BlockComparison.Call(call, what, x => forward ? inn.Forward(x, blocks.AsReadOnly(), c.Clamp) : inn.Inverse(x, blocks.AsReadOnly(), c.Clamp), k, input, c.N, c.Channels, setting, expected, compared) is { } wrong)
                    return wrong;
            }
        }

        if (BlockComparison.Compare(call, compared, Explanations, showSetting: true) is { } failed) return failed;
        return CheckResult.Pass(Id,
            $"Forward and Inverse match the reference on {snapshot.Cases.Count} INNs ({compared.Sum(c => c.LogDet.Length)} samples, outputs and log-determinants) within the float32 tolerance.", SheetRef);
    }
}
