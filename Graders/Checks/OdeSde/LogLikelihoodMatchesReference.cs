using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.Snapshots;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, tasks 1.1–1.3: <c>compute_log_likelihood_ode</c> equals the reference's log p(y) on the public inputs of
/// snapshot <c>ode-sde/log-likelihood</c> (closed-form drifts, affine and not, time-dependent; euler, rk2 and rk4; the
/// notebook's 100-point grid and a coarser one), within the float32 tolerance the snapshot carries per example (computed
/// by the tutor's side along the double-precision path). A mismatch that equals a known wrong port (its values also in
/// the snapshot) is named (<see cref="LogLikelihoodComparison.Explanations"/>). The integrator is graded in task 1.4, so
/// when the hand-in's own <see cref="IOdeSolver.IntegrateStep"/> fails its visible check (<see cref="SolverStepMatchesTableau"/>,
/// snapshot <c>ode-sde/solver-step</c>), a mismatch here is put down to it and passes, saying so: this check holds no
/// scheme to run with the hand-in's steps. The tutor's instance (<c>ode.ku.log-likelihood-on-unseen-inputs</c>) compares
/// such values with the scheme run with the hand-in's own steps, and withholds the task when they differ.
/// </summary>
public sealed class LogLikelihoodMatchesReference : ICheck, ISnapshotReader
{
    public IReadOnlyList<string> Snapshots { get; } =
        [SnapshotFile.RelativePathOf(OdeSdeSnapshots.Folder, LogLikelihoodSnapshot.Name), .. new SolverStepMatchesTableau().Snapshots];

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
        return LogLikelihoodComparison.Grade(call, handin, cases, "the public inputs", _ => IntegratorFails(call, context), out _);
    }

    /// <summary>The pass message when the hand-in has an integrator and it fails its visible check, else null.</summary>
    private static string? IntegratorFails(HandinCall call, CheckContext context)
    {
        if (call.Resolve<IOdeSolver>(context, out _) is not null) return null;
        var step = new SolverStepMatchesTableau().Run(context);
        return step.Outcome == CheckOutcome.Failed
            ? $"LogLikelihood differs from the reference on the public inputs, and your IntegrateStep fails its own check ({step.Id}, task 1.4): " +
              "the difference is put down to your integrator, which is graded there. Fix the integrator first; your tutor's grading compares your log-likelihood with the scheme run with your own steps."
            : null;
    }

    /// <summary>A snapshot case as the comparison takes it (tolerances and variants as the snapshot carries them).</summary>
    public static LogLikelihoodCase Case(LogLikelihoodSnapshotCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new LogLikelihoodCase(c.Drift.Network(), c.Drift.ToString(), c.Method, c.TimePoints, c.Y, c.Expected, c.Tolerance, c.Variants);
    }
}
