namespace Grader.Checks.Tests.Checking;

/// <summary><see cref="SeedCache{TKey, TValue}"/>: a value is computed once per key, also under concurrent first requests, and only the newest keys are kept.</summary>
public class SeedCacheTests
{
    [Test]
    public void A_value_is_computed_once_per_key()
    {
        var cache = new SeedCache<ulong, int>();
        var computed = 0;
        cache.For(1, () => ++computed * 10).Should().Be(10);
        cache.For(1, () => ++computed * 10).Should().Be(10, "the second request is served from the cache");
        cache.For(2, () => ++computed * 10).Should().Be(20);
        computed.Should().Be(2);
    }

    [Test]
    public void Concurrent_first_requests_compute_once()
    {
        var cache = new SeedCache<ulong, int>();
        var computed = 0;
        using var gate = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            gate.Wait();
            return cache.For(7, () =>
            {
                Interlocked.Increment(ref computed);
                Thread.Sleep(50);
                return 42;
            });
        })).ToArray();
        gate.Set();
        Task.WaitAll(readers);
        readers.Select(r => r.Result).Should().AllBeEquivalentTo(42);
        computed.Should().Be(1);
    }

    [Test]
    public void Only_the_newest_keys_are_kept()
    {
        var cache = new SeedCache<ulong, ulong>(capacity: 2);
        var computed = new List<ulong>();
        ulong Compute(ulong key)
        {
            computed.Add(key);
            return key;
        }

        foreach (var key in new ulong[] { 1, 2, 3, 3, 2, 1 })
        {
            cache.For(key, () => Compute(key)).Should().Be(key);
        }

        computed.Should().Equal([1UL, 2UL, 3UL, 1UL], "3 pushed 1 out; 2 and 3 were still kept, 1 came back");
        var act = () => new SeedCache<ulong, int>(capacity: 0);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
