using System.Collections.Concurrent;

namespace Grader.Checks.Checking;

/// <summary>
/// Grader-side work of a check that depends only on the run's seed (and the check's own settings), not on the hand-in,
/// computed once per key and shared by every hand-in of the process: a flows check's exact integral on its grid, the INN
/// training check's events and preprocessing. The key must hold everything the value depends on (the check's seed,
/// salts, sizes).
/// </summary>
/// <remarks>
/// Values are plain data — numbers, records of numbers, arrays the caller never writes — never tensors: a memory scope
/// ending after one hand-in's check could hand a cached tensor's storage back to the pool, and a hand-in graded in
/// process could write into a tensor it was given. A check builds fresh tensors from the cached arrays for each hand-in
/// (<c>torch.tensor</c> copies). At most <paramref name="capacity"/> keys are kept (the oldest goes first): one grading run
/// uses one seed, while a test process may walk through many.
/// </remarks>
/// <param name="capacity">The number of keys kept.</param>
public sealed class SeedCache<TKey, TValue>(int capacity = 8) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<TValue>> _byKey = new();
    private readonly ConcurrentQueue<TKey> _order = new();
    private readonly int _capacity = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "a cache keeps at least one key");

    /// <summary>The value for <paramref name="key"/>, computed by <paramref name="compute"/> the first time only (once, also when two threads ask at once).</summary>
    public TValue For(TKey key, Func<TValue> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (!_byKey.TryGetValue(key, out var lazy))
        {
            var fresh = new Lazy<TValue>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
            lazy = _byKey.GetOrAdd(key, fresh);
            if (ReferenceEquals(lazy, fresh))
            {
                _order.Enqueue(key);
                while (_order.Count > _capacity && _order.TryDequeue(out var oldest))
                {
                    _byKey.TryRemove(oldest, out _);
                }
            }
        }

        return lazy.Value;
    }
}
