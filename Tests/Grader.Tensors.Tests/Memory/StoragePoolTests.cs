namespace Grader.Tensors.Tests.Memory;

/// <summary>The shared pool of float arrays (Memory/StoragePool.cs): size classes, trimming, and many threads at once.</summary>
public class StoragePoolTests
{
    [Test]
    public void A_size_class_holds_the_request_and_wastes_at_most_an_eighth()
    {
        PropertyCheck.ForAll(Gen.Choose(StoragePool.MinPooledLength, 1 << 28), n =>
        {
            int c = StoragePool.ClassLength(n);
            return c >= n && c <= n + n / 8 + 1 && StoragePool.ClassLength(c) == c && (n == 1 << 28 || StoragePool.ClassLength(n + 1) >= c);
        }, cases: 2000);
        Assert.That(StoragePool.ClassLength(StoragePool.MinPooledLength - 1), Is.EqualTo(-1), "small requests are not pooled");
        Assert.That(StoragePool.ClassLength((1 << 28) + 1), Is.EqualTo(-1), "nor huge ones");
        Assert.That(StoragePool.ClassLength(1024 * 512), Is.EqualTo(1024 * 512), "powers of two are their own class");
        Assert.That(StoragePool.ClassLength(10_000 * 64), Is.EqualTo(655_360), "640 000 rounds up by 2.4 %");
    }

    [Test]
    public void Rented_arrays_are_at_least_as_long_as_asked_and_only_pooled_ones_go_back()
    {
        var small = StoragePool.Rent(10, out bool smallPooled);
        Assert.That((small.Length, smallPooled), Is.EqualTo((10, false)));
        var big = StoragePool.Rent(1000, out bool bigPooled);
        Assert.That(big.Length, Is.EqualTo(StoragePool.ClassLength(1000)));
        Assert.That(bigPooled, Is.EqualTo(StoragePool.Enabled));
    }

    [Test]
    public void Trimming_twice_without_rents_empties_a_class()
    {
        Assume.That(StoragePool.Enabled);
        const int n = 3333;   // a class no other test uses
        using (memory_scope()) _ = ones(n) * 2f;
        Assert.That(StoragePool.Held(n), Is.EqualTo(1));
        StoragePool.Trim();   // the class was rented from since the last trim: kept
        Assert.That(StoragePool.Held(n), Is.EqualTo(1));
        StoragePool.Trim();   // not since: emptied
        Assert.That(StoragePool.Held(n), Is.EqualTo(0));
    }

    /// <summary>
    /// Eight threads, each with its own scopes and tensors, run forward and backward passes of a small network on
    /// shapes that share size classes, so they rent and return the same classes at the same time. Every value and
    /// gradient must equal the one computed alone beforehand, bit for bit (same process, same kernels).
    /// </summary>
    [Test]
    public void Many_threads_with_their_own_scopes_never_see_each_others_buffers()
    {
        const int threads = 8, rounds = 40;
        var expected = Enumerable.Range(0, threads).Select(Work).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var workers = Enumerable.Range(0, threads).Select(id => new Thread(() =>
        {
            try
            {
                for (int r = 0; r < rounds; r++)
                {
                    var got = Work(id);
                    if (!got.SequenceEqual(expected[id])) failures.Add($"thread {id}, round {r}: values differ");
                }
            }
            catch (Exception e) { failures.Add($"thread {id}: {e}"); }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.That(failures, Is.Empty);
    }

    private static float[] Work(int id)
    {
        var g = new Generator(100 + id);
        var w1 = randn([16, 128], g).requires_grad_();
        var w2 = randn([128, 4], g).requires_grad_();
        var x = randn([300 + id, 16], g);
        float[] loss;
        using (var scope = memory_scope())
        {
            var h = (x.matmul(w1) * 0.25f).relu();
            var y = (h.matmul(w2) * 0.1f).tanh().exp();
            var l = y.sum();
            l.backward();
            loss = scope.keep(l * 1f).ToArray();
            using (memory_scope()) _ = h.exp().sum(1);   // a nested scope on the same classes
        }
        return loss.Concat(w1.grad!.ToArray()).Concat(w2.grad!.ToArray()).ToArray();
    }
}
