using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (d), hidden: <see cref="NegativeLogLikelihoodMatchesReference"/> under flows and points drawn from the
/// run's seed, expected values computed live by the reference (<see cref="LikelihoodExpectations"/>): three grader
/// flows of dimension 1–5 with 1–3 layers, 5–60 points each drawn from the flow's own distribution widened by 1.5.
/// </summary>
public sealed class NegativeLogLikelihoodMatchesReferenceOnFreshInputs() : HandinCheck<IFlowNegativeLogLikelihood>(
    "flows.heidelberg.negative-log-likelihood-matches-reference.fresh")
{
    /// <summary>Flows per run.</summary>
    public const int Cases = 3;

    protected override CheckResult Check(CheckContext context, HandinCall call, IFlowNegativeLogLikelihood nll)
    {
        var g = context.NewGenerator(1);
        var calls = new List<NegativeLogLikelihoodCall>();
        for (int k = 0; k < Cases; k++)
        {
            var spec = new FlowSpec(g.NextUInt64(), FreshDraws.Int(g, 1, 5), FreshDraws.Int(g, 1, 3));
            var x = FreshDraws.FromFlow(g, spec.Create(), FreshDraws.Int(g, 5, 60), 1.5);
            calls.Add(LikelihoodExpectations.NegativeLogLikelihood(spec, x));
        }
        return NegativeLogLikelihoodComparison.Run(call, nll, calls, showInputs: false)
            ?? CheckResult.Pass(Id, "NegativeLogLikelihood matches the reference under flows and points drawn for this run.", SheetRef);
    }
}
