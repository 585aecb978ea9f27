using Grader.Checks.OdeSde.Snapshots;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, tasks 2.1–2.3: <c>compute_elbo_sde</c> per example equals the reference's on the public inputs of snapshot
/// <c>ode-sde/elbo</c> (closed-form f, σ, α, β; the draws replayed from the grader's keyed source), and draws one t and
/// one ε of each kind per example (<see cref="ElboComparison"/>).
/// </summary>
public sealed class ElboMatchesReference() : SnapshotCheck<ElboSnapshot, ISdeElbo>(
    "sde.ku.elbo-matches-reference",
    "sheet 003, tasks 2.1–2.3 (SDE.ipynb, compute_elbo_sde): ELBO(y) = log N(y; x₁, β²) − [log q₀(x₀|y) − log p₀(x₀)] − ½(f − g)²/σ² at x_t ~ q_t, t ~ U(0, 1)",
    OdeSdeSnapshots.Folder, ElboSnapshot.Name)
{
    protected override CheckResult Check(CheckContext context, HandinCall call, ElboSnapshot snapshot, ISdeElbo handin) => ElboComparison.Grade(call, handin, snapshot.Cases, "the public inputs");
}
