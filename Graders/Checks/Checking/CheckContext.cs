namespace Grader.Checks.Checking;

/// <summary>
/// What a check runs against: the hand-in (found by the contract interface it implements), a seeded generator the
/// grader owns, and the root folder of the approved expected values.
/// </summary>
public sealed class CheckContext
{
    private readonly Func<Type, object?> _resolve;

    /// <param name="resolve">Returns the hand-in's implementation of a contract interface, or null if it has none.</param>
    /// <param name="seed">Seed of the grader's randomness for this check.</param>
    /// <param name="snapshotRoot">Folder of the approved snapshots (fixtures/snapshots).</param>
    public CheckContext(Func<Type, object?> resolve, ulong seed, string snapshotRoot)
    {
        _resolve = resolve;
        Seed = seed;
        SnapshotRoot = snapshotRoot;
    }

    public ulong Seed { get; }

    public string SnapshotRoot { get; }

    /// <summary>
    /// The check runs as a hidden check of the catalog: what the student reads of its result must not name the figures
    /// drawn for the run (sizes, shapes, seeds, N); they go to the tutor's <see cref="Results.CheckResult.TutorDetail"/>.
    /// <see cref="HandinCall"/> learns it in <see cref="HandinCall.Resolve{T}"/>.
    /// </summary>
    public bool Hidden { get; init; }

    /// <summary>The tutor's folder of image data (<c>--data DIR</c>: MNIST-format IDX files), or null for the installed Fashion-MNIST; read by the image checks.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A fresh generator for one use within the check (same seed, same stream).</summary>
    public Generator NewGenerator(ulong salt = 0) => new(Seed ^ (salt * 0x9E3779B97F4A7C15UL));

    /// <summary>The hand-in's implementation of <typeparamref name="T"/>, or null when the hand-in does not implement it.</summary>
    public T? TryHandin<T>() where T : class => _resolve(typeof(T)) as T;

    /// <summary>
    /// Resolves contracts in a FRESH process of the same hand-in (issue 66 item 1), where nothing of what the checks did
    /// through <see cref="TryHandin{T}"/> survives, static fields included: a training check builds the trained model
    /// there from the trained values alone (<c>I…TrainingRun.Trained</c>) and draws its samples from it. Given by
    /// <c>RemoteCheckRunner</c> (a second host, started at the first call); null in process (the self-check, the tutor's
    /// reference, the tests), where <see cref="TryFresh{T}"/> resolves as <see cref="TryHandin{T}"/> does.
    /// </summary>
    public Func<Type, object?>? Fresh { get; init; }

    /// <summary>
    /// The hand-in's implementation of <typeparamref name="T"/> in the fresh process (<see cref="Fresh"/>); in process
    /// the same as <see cref="TryHandin{T}"/>. Only the trained model and what is called on it go there.
    /// </summary>
    public T? TryFresh<T>() where T : class => (Fresh ?? _resolve)(typeof(T)) as T;
}
