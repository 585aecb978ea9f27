using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// Sheet 003, task 1.4, on inputs drawn from the run's seed: the tutor's instance of <see cref="SolverStepMatchesTableau"/>.
/// Four closed-form fields (two time-dependent linear, two rotating 2-D), 1–8 state rows in [−1.5, 1.5], t in [0, 1],
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
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "").NewGenerator(0x501)));

    private static List<SolverStepCase> Drawn(Generator g)
    {
        double U(double lo, double hi) => lo + (hi - lo) * g.NextDouble();
        var cases = new List<SolverStepCase>();
        for (int c = 0; c < 4; c++)
        {
            bool twoD = c % 2 == 1;
            var field = twoD ? FieldSpec.Rotating(U(-2, 2), U(-2.5, 2.5), U(0.2, 1)) : FieldSpec.Linear(U(-1.5, 1.5), U(-2, 2), U(-1.5, 1.5));
            int n = (int)g.NextInt(1, 9), d = twoD ? 2 : 1;
            var state = new double[n * d];
            for (int i = 0; i < state.Length; i++) state[i] = (float)U(-1.5, 1.5);
            double dt = (g.NextDouble() < 0.5 ? -1 : 1) * U(0.08, 0.25);
            cases.Add(TableauSteps.Case(field, n, state, U(0, 1), dt));
        }
        return cases;
    }
}
