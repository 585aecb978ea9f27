using Grader.Checks.Checking;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.Results;
using Grader.Checks.Snapshots;
using Grader.Contracts.Ode;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.1–1.3: <c>compute_log_likelihood_ode</c> equals the reference's log p(y) on the public inputs of
/// snapshot <c>ode-sde/log-likelihood</c> (closed-form drifts, affine and not, time-dependent; euler, rk2 and rk4; the
/// notebook's 100-point grid and a coarser one), within the float32 tolerance the snapshot carries per example (computed
/// by the tutor's side along the double-precision path). A mismatch that equals a known wrong port (its values also in
/// the snapshot) is named (<see cref="LogLikelihoodComparison.Explanations"/>). Values that differ only through the hand-in's own integrator pass
/// (<see cref="LogLikelihoodWithOwnSolver"/>): the integrator is graded in task 1.4.
/// </summary>
public sealed class LogLikelihoodMatchesReference : ICheck, ISnapshotReader
{
    public IReadOnlyList<string> Snapshots { get; } = [SnapshotFile.RelativePathOf(OdeSdeSnapshots.Folder, LogLikelihoodSnapshot.Name)];

    public string Id => "ode.ku.log-likelihood-matches-reference";

    public string SheetRef => "sheet 003, tasks 1.1–1.3 (ODE.ipynb, compute_log_likelihood_ode): log p(y) = log p₀(x₀) − ∫₀¹ ∂f/∂x(x_t, t) dt, the augmented state [x, log p] integrated backwards from x₁ = y";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        var snapshot = SnapshotFile.TryRead<LogLikelihoodSnapshot>(context.SnapshotRoot, OdeSdeSnapshots.Folder, LogLikelihoodSnapshot.Name, out var problem);
        if (snapshot is null) return call.Error(problem!);
        if (call.Resolve<IOdeLogLikelihood>(context, out var handin) is { } unresolved) return unresolved;
        var cases = snapshot.Cases.Select(Case).ToList();
        IOdeSolver? solver = call.Resolve<IOdeSolver>(context, out var ownSolver) is null ? ownSolver : null;
        return LogLikelihoodComparison.Grade(call, handin, cases, "the public inputs", solver, out _);
    }

    /// <summary>A snapshot case as the comparison takes it (tolerances and variants as the snapshot carries them).</summary>
    public static LogLikelihoodCase Case(LogLikelihoodSnapshotCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new LogLikelihoodCase(c.Drift.Network(), c.Drift.ToString(), c.Method, c.TimePoints, c.Y, c.Expected, c.Tolerance, c.Variants);
    }
}
