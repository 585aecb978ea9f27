using System.Collections.Concurrent;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The grader's own side of a change-of-variables check — its exact density integrated on the grid, to rule out a
/// grader defect — depends only on the check's seed, not on the hand-in, so it is computed once per seed and kept for
/// the process (every hand-in of a run shares it; one number per seed).
/// </summary>
internal sealed class GridValidation<T>
{
    private readonly ConcurrentDictionary<ulong, Lazy<T>> _bySeed = new();

    /// <summary>The value for <paramref name="seed"/>, computed by <paramref name="compute"/> the first time only.</summary>
    public T For(ulong seed, Func<T> compute) =>
        _bySeed.GetOrAdd(seed, _ => new Lazy<T>(compute, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
