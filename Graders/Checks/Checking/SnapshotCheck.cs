using Grader.Checks.Snapshots;

namespace Grader.Checks.Checking;

/// <summary>
/// A visible check of one contract on the cases of one approved snapshot: <see cref="Run"/> reads the snapshot (a file
/// that is missing or unreadable is the check's error, before the hand-in is looked at), then finds the hand-in's
/// implementation of <typeparamref name="TContract"/> (<see cref="HandinCall.Resolve{T}"/>) and hands both to
/// <see cref="Check"/>.
/// </summary>
/// <param name="id">The check's <see cref="ICheck.Id"/>.</param>
/// <param name="sheetRef">The check's <see cref="ICheck.SheetRef"/>.</param>
/// <param name="folder">The snapshot's folder below the snapshot root, e.g. "flows".</param>
/// <param name="name">The snapshot's name, e.g. "coupling-block".</param>
public abstract class SnapshotCheck<TSnapshot, TContract>(string id, string sheetRef, string folder, string name) : ICheck, ISnapshotReader
    where TSnapshot : class
    where TContract : class
{
    public IReadOnlyList<string> Snapshots { get; } = [SnapshotFile.RelativePathOf(folder, name)];

    public string Id { get; } = id;

    public string SheetRef { get; } = sheetRef;

    public CheckResult Run(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new HandinCall(Id, SheetRef);
        var snapshot = SnapshotFile.TryRead<TSnapshot>(context.SnapshotRoot, folder, name, out var problem);
        if (snapshot is null) return call.Error(problem!);
        return call.Resolve<TContract>(context, out var handin) ?? Check(context, call, snapshot, handin);
    }

    /// <summary>The check proper, on the snapshot's cases and the hand-in's <paramref name="handin"/>.</summary>
    protected abstract CheckResult Check(CheckContext context, HandinCall call, TSnapshot snapshot, TContract handin);
}
