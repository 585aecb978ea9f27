using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (d), hidden: <see cref="NegativeLogLikelihoodMatchesReference"/> under flows and points drawn from the
/// run's seed, expected values computed live by the reference (<see cref="LikelihoodExpectations"/>): three grader
/// flows of dimension 1–5 (the first 2–5, so that every run has several dimensions: <see cref="CaseClasses"/>) with 1–3
/// layers, 5–60 points each drawn from the flow's own distribution widened by 1.5.
/// </summary>
public sealed class NegativeLogLikelihoodMatchesReferenceOnFreshInputs() : HandinCheck<IFlowNegativeLogLikelihood>(
    "flows.heidelberg.negative-log-likelihood-matches-reference.fresh"), IDrawsCaseClasses
{
    /// <summary>Flows per run.</summary>
    public const int Cases = 3;

    /// <summary>One call: a grader flow and the points, [n, D] flattened.</summary>
    public sealed record NllCase(FlowSpec Spec, float[] X);

    /// <summary>
    /// The inputs that tell −log p(x) = ½‖f(x)‖² + (D/2) ln 2π − log|det ∂f/∂x| per point from its near misses: several
    /// dimensions in the first flow (D ≥ 2: the earlier draw, D uniform on 1 … 5 for all three, left it out in 1 run of
    /// 125), several points in every call.
    /// </summary>
    public static CaseClasses<NllCase> Classes { get; } = new(
        new CaseClass<NllCase>("several-dimensions", "½ ln 2π once instead of (D/2) ln 2π (the one-dimensional normaliser), equal when D = 1", k => k.Spec.Dim >= 2),
        new CaseClass<NllCase>("several-points", "the batch mean (the training loss) for every point, equal when n = 1", k => k.X.Length / k.Spec.Dim >= 2));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "").NewGenerator(1)));

    /// <summary>The run's flows and points: D uniform on 2 … 5 for the first flow, 1 … 5 for the others.</summary>
    private static IReadOnlyList<NllCase> Drawn(Generator g)
    {
        var cases = new List<NllCase>();
        for (int k = 0; k < Cases; k++)
        {
            var spec = new FlowSpec(g.NextUInt64(), FreshDraws.Int(g, k == 0 ? 2 : 1, 5), FreshDraws.Int(g, 1, 3));
            cases.Add(new NllCase(spec, FreshDraws.FromFlow(g, spec.Create(), FreshDraws.Int(g, 5, 60), 1.5)));
        }
        return cases;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IFlowNegativeLogLikelihood nll)
    {
        var calls = Drawn(context.NewGenerator(1)).Select(k => LikelihoodExpectations.NegativeLogLikelihood(k.Spec, k.X)).ToList();
        return NegativeLogLikelihoodComparison.Run(call, nll, calls, showInputs: false)
            ?? CheckResult.Pass(Id, "NegativeLogLikelihood matches the reference under flows and points drawn for this run.", SheetRef);
    }
}
