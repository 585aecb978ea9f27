using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.OdeSde.Snapshots;

/// <summary>The public inputs of the visible log-likelihood check and the reference's log p(y) for each (file <c>ode-sde/log-likelihood</c>).</summary>
public sealed record LogLikelihoodSnapshot(IReadOnlyList<LogLikelihoodSnapshotCase> Cases)
{
    public const string Name = "log-likelihood";
}

/// <summary>
/// One call: a closed-form drift, a method, a grid, the data, the reference's log p(y_i) (float32), the float32 tolerance
/// of each and the known wrong variants' values (computed by the tutor's side ahead of time: nothing visible solves the
/// ODE).
/// </summary>
public sealed record LogLikelihoodSnapshotCase(DriftSpec Drift, string Method, int TimePoints, float[] Y, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants);
