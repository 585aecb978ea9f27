using Grader.Checks.Flows.Snapshots;
using Grader.Contracts.Flows;

namespace Grader.Checks.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (d) (sheet 000), "the 10 % events with the largest likelihoods": the hand-in's
/// <see cref="IMostLikelyEvents"/> selects exactly the reference's points, most likely first, up to float32 ties
/// (<see cref="MostLikelyComparison"/>), on the fixed cases of snapshot <c>flows/most-likely-events</c> under the
/// grader's flows.
/// </summary>
public sealed class MostLikelyEventsMatchReference() : SnapshotCheck<MostLikelySnapshot, IMostLikelyEvents>(
    "flows.heidelberg.most-likely-events-match-reference",
    "sheet 000, ex. 2 (d): the 10 % of the events with the largest likelihoods under the flow",
    FlowsSnapshots.Folder, MostLikelySnapshot.Name)
{
    protected override CheckResult Check(CheckContext context, HandinCall call, MostLikelySnapshot snapshot, IMostLikelyEvents handin)
    {
        var calls = snapshot.Cases.Select(c => new MostLikelyCall(c.Flow, c.X, c.Fraction, c.LogLikelihood, c.Tolerance)).ToList();
        return MostLikelyComparison.Run(call, handin, calls, showInputs: true)
            ?? CheckResult.Pass(Id, $"MostLikely selects the reference's points, most likely first, in {calls.Count} cases ({calls.Sum(c => c.LogLikelihood.Length)} points).", SheetRef);
    }
}
