using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (d), hidden: <see cref="MostLikelyEventsMatchReference"/> under flows and points drawn from the run's
/// seed, log-likelihoods computed live by the reference (<see cref="LikelihoodExpectations"/>): three grader flows of
/// dimension 2–4 with 1–3 layers, 100–600 points (a multiple of 20) from the flow's distribution widened by 1.5. The
/// contract takes the fraction, so every run has its three cases: the sheet's 10 %, a fraction below one half other than
/// 10 % (k/20, k ∈ {1, 3, …, 9}) and one above one half (k/20, k ∈ {11, …, 19}); fraction·n is whole in each
/// (<see cref="CaseClasses"/>). (The
/// earlier draw asked for 10 % only, so a selection that ignored the fraction passed every run.)
/// </summary>
public sealed class MostLikelyEventsOnFreshInputs() : HandinCheck<IMostLikelyEvents>(
    "flows.heidelberg.most-likely-events-match-reference.fresh"), IDrawsCaseClasses
{
    /// <summary>Cases per run.</summary>
    public const int Cases = 3;

    /// <summary>One case: the grader's flow, the points and the fraction asked for.</summary>
    public sealed record MostLikelyCase(FlowSpec Spec, float[] X, double Fraction);

    /// <summary>The fractions that tell a selection of the asked fraction from one of the sheet's 10 % only.</summary>
    public static CaseClasses<MostLikelyCase> Classes { get; } = new(
        new CaseClass<MostLikelyCase>("fraction-other-than-a-tenth", "the sheet's 10 % hard-coded, the fraction argument ignored", c => c.Fraction != 0.1));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "")));

    protected override CheckResult Check(CheckContext context, HandinCall call, IMostLikelyEvents handin)
    {
        var calls = Drawn(context).Select(c => LikelihoodExpectations.MostLikely(c.Spec, c.X, c.Fraction).Call).ToList();
        return MostLikelyComparison.Run(call, handin, calls, showInputs: false)
            ?? CheckResult.Pass(Id, "MostLikely selects the reference's points, most likely first, under flows, points and fractions drawn for this run.", SheetRef);
    }

    /// <summary>The run's <see cref="Cases"/> cases, drawn from its seed.</summary>
    private static List<MostLikelyCase> Drawn(CheckContext context)
    {
        var g = context.NewGenerator(1);
        var cases = new List<MostLikelyCase>();
        for (int k = 0; k < Cases; k++)
        {
            var spec = new FlowSpec(g.NextUInt64(), FreshDraws.Int(g, 2, 4), FreshDraws.Int(g, 1, 3));
            var x = FreshDraws.FromFlow(g, spec.Create(), 20 * FreshDraws.Int(g, 5, 30), 1.5);
            cases.Add(new MostLikelyCase(spec, x, Fraction(k, g)));
        }
        return cases;
    }

    /// <summary>Case k's fraction: the sheet's 10 %, then one below ½ other than 10 %, then one above ½, each a multiple of 1/20.</summary>
    private static double Fraction(int k, Tensors.Generator g) => k switch
    {
        0 => 0.1,
        1 => new[] { 1, 3, 4, 5, 6, 7, 8, 9 }[FreshDraws.Int(g, 0, 7)] / 20.0,
        _ => FreshDraws.Int(g, 11, 19) / 20.0,
    };
}
