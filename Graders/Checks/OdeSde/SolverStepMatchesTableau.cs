using Grader.Checks.OdeSde.Snapshots;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, task 1.4: one step of "euler", "rk2" and "rk4" from t to t + dt, forwards and backwards, on the public
/// closed-form fields of snapshot <c>ode-sde/solver-step</c> (time-dependent, with 1 and 2 state columns), against the
/// notebook's steps as the tutor's side worked them out in double, each entry within the float32 tolerance the
/// snapshot carries; known wrong tableaux (their states also in the snapshot) are named (<see cref="SolverStepComparison"/>).
/// The tutor's instance (<c>ode.ku.solver-step-matches-tableau-unseen</c>) draws the fields, states, times and steps
/// from the run's seed.
/// </summary>
public sealed class SolverStepMatchesTableau() : SnapshotCheck<SolverStepSnapshot, IOdeSolver>(
    "ode.ku.solver-step-matches-tableau",
    "sheet 003, task 1.4 (ODE.ipynb, integrate_step): euler, rk2 (midpoint) and rk4 (classic Runge–Kutta), one step from t to t + dt",
    OdeSdeSnapshots.Folder, SolverStepSnapshot.Name)
{
    protected override CheckResult Check(CheckContext context, HandinCall call, SolverStepSnapshot snapshot, IOdeSolver solver) => SolverStepComparison.Grade(call, solver, snapshot.Cases, "public");
}
