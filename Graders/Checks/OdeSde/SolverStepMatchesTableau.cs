using Grader.Checks.Checking;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.Results;
using Grader.Checks.Snapshots;
using Grader.Contracts.Ode;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, task 1.4: one step of "euler", "rk2" and "rk4" from t to t + dt, forwards and backwards, on the public
/// closed-form fields of snapshot <c>ode-sde/solver-step</c> (time-dependent, with 1 and 2 state columns), against the
/// notebook's steps as the tutor's side worked them out in double, each entry within the float32 tolerance the
/// snapshot carries; known wrong tableaux (their states also in the snapshot) are named (<see cref="SolverStepComparison"/>).
/// The tutor's instance (<c>ode.ku.solver-step-matches-tableau-unseen</c>) draws the fields, states, times and steps
/// from the run's seed.
/// </summary>
public sealed class SolverStepMatchesTableau : ICheck, ISnapshotReader
{
    public IReadOnlyList<string> Snapshots { get; } = [SnapshotFile.RelativePathOf(OdeSdeSnapshots.Folder, SolverStepSnapshot.Name)];

    public string Id => "ode.ku.solver-step-matches-tableau";

    public string SheetRef => "sheet 003, task 1.4 (ODE.ipynb, integrate_step): euler, rk2 (midpoint) and rk4 (classic Runge–Kutta), one step from t to t + dt";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        var snapshot = SnapshotFile.TryRead<SolverStepSnapshot>(context.SnapshotRoot, OdeSdeSnapshots.Folder, SolverStepSnapshot.Name, out var problem);
        if (snapshot is null) return call.Error(problem!);
        if (call.Resolve<IOdeSolver>(context, out var solver) is { } unresolved) return unresolved;
        return SolverStepComparison.Grade(call, solver, snapshot.Cases, "public");
    }
}
