using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, task 1.4, on inputs drawn from the run's seed: the tutor's instance of <see cref="SolverStepMatchesTableau"/>.
/// Four closed-form fields (two time-dependent linear, two rotating 2-D, and more rotating ones until every known wrong
/// tableau is told apart: <see cref="Drawn"/>), 1–8 state rows in [−1.5, 1.5], t in [0, 1],
/// |dt| in [0.08, 0.25] with a random sign (every field time-dependent: <see cref="CaseClasses"/>); each method's step against <see cref="TableauSteps"/> live, compared and
/// diagnosed by <see cref="SolverStepComparison"/>.
/// </summary>
public sealed class SolverStepOnUnseenInputs() : HandinCheck<IOdeSolver>(
    "ode.ku.solver-step-matches-tableau-unseen"), IDrawsCaseClasses
{
    protected override CheckResult Check(CheckContext context, HandinCall call, IOdeSolver solver) =>
        SolverStepComparison.Grade(call, solver, Drawn(context.NewGenerator(0x501)), "unseen");

    /// <summary>The fields that tell each method's stage times from a solver written for autonomous fields.</summary>
    public static CaseClasses<SolverStepCase> Classes { get; } = new(
        new CaseClass<SolverStepCase>("time-dependent-field",
            "a stage's field read at the step's start t instead of t + dt/2 or t + dt (right for a field that does not depend on t)",
            c => c.Field.Kind == "linear" ? c.Field.B != 0 || c.Field.C != 0 : c.Field.B != 0));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(CasesFor(seed));

    /// <summary>How far (in tolerances) a known wrong tableau's step must lie from the notebook's on some entry: its own
    /// float32 rounding is within one tolerance (the tolerance already holds a factor 2 of safety), so at 4 it fails
    /// the comparison with room to spare.</summary>
    public const double Separation = 4;

    /// <summary>Extra cases drawn at most before the design gives up. On 20,000 seeds 29 % drew extra cases and the most
    /// was 25 (SolverStepDesignTests): a rotating draw leaves a tableau hidden about two times in three, so 64 misses in a
    /// row happen about once in 10¹¹ seeds.</summary>
    public const int MaxExtraCases = 64;

    /// <summary>The cases the check compares on under <paramref name="seed"/> (the seed its context gets).</summary>
    public static IReadOnlyList<SolverStepCase> CasesFor(ulong seed) => Drawn(new CheckContext(_ => null, seed, "").NewGenerator(0x501));

    /// <summary>
    /// Four cases (linear, rotating, linear, rotating), then, by design, more rotating ones until every known wrong
    /// tableau of every method lies <see cref="Separation"/> tolerances from the notebook's step on some entry. The
    /// 3/8 rule agrees with classic rk4 to O(dt⁵), so a draw of small |dt| and weak nonlinearity could not tell them
    /// apart (seed 18 of the 20-seed sweep let the rk4-three-eighths mutant pass); with this rule no seed can. Draws
    /// that already separate are unchanged.
    /// </summary>
    private static List<SolverStepCase> Drawn(Generator g)
    {
        var cases = new List<SolverStepCase>();
        for (int c = 0; c < 4; c++) cases.Add(DrawCase(g, twoD: c % 2 == 1));
        for (int extra = 0; !TellsEveryVariantApart(cases); extra++)
        {
            if (extra == MaxExtraCases)
                throw new InvalidOperationException($"{MaxExtraCases} extra cases drawn and a known wrong tableau is still within {Separation} tolerances of the notebook's step");
            cases.Add(DrawCase(g, twoD: true));
        }
        return cases;
    }

    private static SolverStepCase DrawCase(Generator g, bool twoD)
    {
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        var field = twoD ? FieldSpec.Rotating(U(-2, 2), U(-2.5, 2.5), U(0.2, 1)) : FieldSpec.Linear(U(-1.5, 1.5), U(-2, 2), U(-1.5, 1.5));
        int n = (int)g.NextInt(1, 9), d = twoD ? 2 : 1;
        var state = new double[n * d];
        for (int i = 0; i < state.Length; i++) state[i] = (float)U(-1.5, 1.5);
        double dt = (g.NextDouble() < 0.5 ? -1 : 1) * U(0.08, 0.25);
        return TableauSteps.Case(field, n, state, U(0, 1), dt);
    }

    /// <summary>Whether, for every method, each known wrong tableau lies <see cref="Separation"/> tolerances from the notebook's step on some entry of some case.</summary>
    public static bool TellsEveryVariantApart(IReadOnlyList<SolverStepCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var apart = new Dictionary<(string Method, string Variant), bool>();
        foreach (var expected in cases.SelectMany(c => c.Methods))
            foreach (var variant in expected.Variants)
            {
                var key = (expected.Method, variant.Name);
                bool here = Enumerable.Range(0, expected.Value.Length).Any(i => Math.Abs(variant.Values[i] - expected.Value[i]) > Separation * expected.Tolerance[i]);
                apart[key] = apart.GetValueOrDefault(key) || here;
            }
        return apart.Values.All(v => v);
    }
}
