using Grader.Checks.Checking;
using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Checks.Results;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (d), hidden: <see cref="MostLikelyEventsMatchReference"/> under flows and points drawn from the run's
/// seed, log-likelihoods computed live by the reference (<see cref="LikelihoodExpectations"/>): three grader flows of
/// dimension 2–4 with 1–3 layers, 100–600 points (a multiple of 10) from the flow's distribution widened by 1.5, the
/// sheet's 10 %.
/// </summary>
public sealed class MostLikelyEventsOnFreshInputs : ICheck
{
    /// <summary>Cases per run.</summary>
    public const int Cases = 3;

    public string Id => "flows.heidelberg.most-likely-events-match-reference.fresh";

    public string SheetRef => "sheet 000, ex. 2 (d): the 10 % of the events with the largest likelihoods under the flow";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IMostLikelyEvents>(context, out var handin) is { } unresolved) return unresolved;
        var g = context.NewGenerator(1);
        var calls = new List<MostLikelyCall>();
        for (int k = 0; k < Cases; k++)
        {
            var spec = new FlowSpec(g.NextUInt64(), FreshDraws.Int(g, 2, 4), FreshDraws.Int(g, 1, 3));
            var x = FreshDraws.FromFlow(g, spec.Create(), 10 * FreshDraws.Int(g, 10, 60), 1.5);
            calls.Add(LikelihoodExpectations.MostLikely(spec, x, 0.1).Call);
        }
        return MostLikelyComparison.Run(call, handin, calls, showInputs: false)
            ?? CheckResult.Pass(Id, "MostLikely selects the reference's points, most likely first, under flows and points drawn for this run.", SheetRef);
    }
}
