using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (d), hidden: <see cref="MostLikelyEventsMatchReference"/> under flows and points drawn from the run's
/// seed, log-likelihoods computed live by the reference (<see cref="LikelihoodExpectations"/>): five grader flows of
/// dimension 2–4 with 1–3 layers, 100–600 points (a multiple of 20) from the flow's distribution widened by 1.5. The
/// contract takes the fraction, so every run has its five cases: the sheet's 10 %, a fraction below one half other than
/// 10 % (k/20, k ∈ {1, 3, …, 9}), one above one half (k/20, k ∈ {11, …, 19}), and one whose fraction·n, whole as the
/// contract promises, comes out just below that whole number when computed in double (k/20 and n among the pairs where
/// it does: 0.35 or 0.7 of 180, 340 or 360), so a count rounded down instead of to the nearest is one event short in
/// every run (issue 66, item 4: it was caught in about 3 % of runs, when a draw happened to hit such a pair); and a fifth
/// whose fraction·n comes out just above its whole number in double (0.55 of 100, 180, 200, 220, 340 … 460:
/// 0.55·100 = 55.00000000000001), so a count rounded up is one event too many in every run (the old draw hit such a pair only when its
/// fraction above ½ was 0.55 and n one of those, 1/9 · 11/26 ≈ 5 % of runs; the mutant was caught on 7 of 200 seeds); fraction·n is whole in each
/// (<see cref="CaseClasses"/>). (The earlier draw asked for 10 % only, so a selection that
/// ignored the fraction passed every run.)
/// </summary>
public sealed class MostLikelyEventsOnFreshInputs() : HandinCheck<IMostLikelyEvents>(
    "flows.heidelberg.most-likely-events-match-reference.fresh"), IDrawsCaseClasses
{
    /// <summary>Cases per run.</summary>
    public const int Cases = 5;

    /// <summary>One case: the grader's flow, the points and the fraction asked for.</summary>
    public sealed record MostLikelyCase(FlowSpec Spec, float[] X, double Fraction);

    /// <summary>The fractions that tell a selection of the asked fraction from one of the sheet's 10 % only.</summary>
    public static CaseClasses<MostLikelyCase> Classes { get; } = new(
        new CaseClass<MostLikelyCase>("fraction-other-than-a-tenth", "the sheet's 10 % hard-coded, the fraction argument ignored", c => c.Fraction != 0.1),
        new CaseClass<MostLikelyCase>("fraction-times-n-below-its-whole-value-in-double",
            "the count rounded down, (int)(fraction·n), one event short where fraction·n computed in double is just below the whole number it is",
            c => BelowWhole(c.Fraction, c.X.Length / c.Spec.Dim)),
        new CaseClass<MostLikelyCase>("fraction-times-n-above-its-whole-value-in-double",
            "the count rounded up, Math.Ceiling(fraction·n), one event too many where fraction·n computed in double is just above the whole number it is",
            c => AboveWhole(c.Fraction, c.X.Length / c.Spec.Dim)));

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

    /// <summary>True when <paramref name="fraction"/>·<paramref name="n"/>, computed in double, is below its nearest whole number.</summary>
    public static bool BelowWhole(double fraction, int n) => fraction * n < Math.Round(fraction * n);

    /// <summary>True when <paramref name="fraction"/>·<paramref name="n"/>, computed in double, is above its nearest whole number.</summary>
    public static bool AboveWhole(double fraction, int n) => fraction * n > Math.Round(fraction * n);

    /// <summary>
    /// The pairs (k, m) of a fraction k/20 and n = 20·m within the draws' ranges (k ∈ 1…19, m ∈ 5…30) whose product in
    /// double is below k·m (<see cref="BelowWhole"/>), found by trying them all, not listed by hand.
    /// </summary>
    private static readonly (int K, int M)[] BelowWholePairs =
        [.. from k in Enumerable.Range(1, 19) from m in Enumerable.Range(5, 26) where BelowWhole(k / 20.0, 20 * m) select (k, m)];

    /// <summary>As <see cref="BelowWholePairs"/>, the pairs whose product in double is above k·m (<see cref="AboveWhole"/>; 11 of 494, all k = 11).</summary>
    private static readonly (int K, int M)[] AboveWholePairs =
        [.. from k in Enumerable.Range(1, 19) from m in Enumerable.Range(5, 26) where AboveWhole(k / 20.0, 20 * m) select (k, m)];

    /// <summary>The run's <see cref="Cases"/> cases, drawn from its seed.</summary>
    private static List<MostLikelyCase> Drawn(CheckContext context)
    {
        var g = context.NewGenerator(1);
        var cases = new List<MostLikelyCase>();
        for (int k = 0; k < Cases; k++)
        {
            var spec = new FlowSpec(g.NextUInt64(), FreshDraws.Int(g, 2, 4), FreshDraws.Int(g, 1, 3));
            if (k < Cases - 2)
            {
                var x = FreshDraws.FromFlow(g, spec.Create(), 20 * FreshDraws.Int(g, 5, 30), 1.5);
                cases.Add(new MostLikelyCase(spec, x, Fraction(k, g)));
                continue;
            }

            var pairs = k == Cases - 2 ? BelowWholePairs : AboveWholePairs;
            var (fraction, m) = pairs[FreshDraws.Int(g, 0, pairs.Length - 1)];
            cases.Add(new MostLikelyCase(spec, FreshDraws.FromFlow(g, spec.Create(), 20 * m, 1.5), fraction / 20.0));
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
