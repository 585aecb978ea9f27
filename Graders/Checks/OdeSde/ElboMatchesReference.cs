using Grader.Checks.Checking;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.Results;
using Grader.Checks.Snapshots;
using Grader.Contracts.Sde;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Sheet 003, tasks 2.1–2.3: <c>compute_elbo_sde</c> per example equals the reference's on the public inputs of snapshot
/// <c>ode-sde/elbo</c> (closed-form f, σ, α, β; the draws replayed from the grader's keyed source), and draws one t and
/// one ε of each kind per example (<see cref="ElboComparison"/>).
/// </summary>
public sealed class ElboMatchesReference : ICheck, ISnapshotReader
{
    public IReadOnlyList<string> Snapshots { get; } = [SnapshotFile.RelativePathOf(OdeSdeSnapshots.Folder, ElboSnapshot.Name)];

    public string Id => "sde.ku.elbo-matches-reference";

    public string SheetRef => "sheet 003, tasks 2.1–2.3 (SDE.ipynb, compute_elbo_sde): ELBO(y) = log N(y; x₁, β²) − [log q₀(x₀|y) − log p₀(x₀)] − ½(f − g)²/σ² at x_t ~ q_t, t ~ U(0, 1)";

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        var snapshot = SnapshotFile.TryRead<ElboSnapshot>(context.SnapshotRoot, OdeSdeSnapshots.Folder, ElboSnapshot.Name, out var problem);
        if (snapshot is null) return call.Error(problem!);
        if (call.Resolve<ISdeElbo>(context, out var handin) is { } unresolved) return unresolved;
        return ElboComparison.Grade(call, handin, snapshot.Cases, "the public inputs");
    }
}
