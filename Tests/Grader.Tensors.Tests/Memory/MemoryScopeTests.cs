namespace Grader.Tensors.Tests.Memory;

/// <summary>
/// torch.memory_scope() (Memory/MemoryScope.cs): what a scope releases, what survives it, and that a released buffer
/// is never read through a stale tensor, whatever the tensor is (a view, a saved tensor, a gradient). Values computed
/// inside scopes are compared bit for bit with the same computation outside any scope: same process, same kernels, so
/// any difference would be a buffer reused while still in use.
/// </summary>
public class MemoryScopeTests
{
    private static Tensor Randn(int seed, params int[] shape) => randn(shape, new Generator(seed));

    [Test]
    public void A_tensor_made_in_a_scope_is_usable_inside_and_throws_after_it_ends()
    {
        Tensor y, view;
        float inside;
        using (memory_scope())
        {
            y = Randn(1, 32, 16) * 2f;
            view = y.slice(0, 3, 7).t();
            inside = view[1, 2];
            Assert.That(inside, Is.EqualTo(y[5, 1]), "view[1, 2] = slice[2, 1] = y[3 + 2, 1]");
        }
        var e = Assert.Throws<ObjectDisposedException>(() => y.ToArray())!;
        Assert.That(e.Message, Does.Contain("memory_scope"));
        Assert.Throws<ObjectDisposedException>(() => _ = view[1, 2], "a view dies with its storage");
        Assert.Throws<ObjectDisposedException>(() => _ = (view * 2f).sum(), "and so does every op on it");
        Assert.Throws<ObjectDisposedException>(() => y.sum(0)[0].ToString());
    }

    [Test]
    public void A_view_outlives_its_base_tensor_object_inside_the_scope()
    {
        using (memory_scope())
        {
            var v = MakeViewAndDropBase();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using (memory_scope()) for (int i = 0; i < 50; i++) _ = Randn(i, 64, 64) + 1f;   // churn the pool
            Assert.That(v.ToArray(), Is.EqualTo(Expected()), "the view's storage stays owned by the scope, whatever happened to the base object");
        }

        static Tensor MakeViewAndDropBase() => (Randn(2, 64, 64) * 3f).reshape(4096).slice(0, 100, 200, 3);
        static float[] Expected() => (Randn(2, 64, 64) * 3f).reshape(4096).slice(0, 100, 200, 3).ToArray();
    }

    [Test]
    public void Kept_tensors_and_their_views_survive_with_their_values_while_the_pool_reuses_everything_else()
    {
        var expected = ((Randn(3, 128, 64) + 0.5f).exp() * 0.25f).ToArray();
        Tensor kept, keptView;
        using (var scope = memory_scope())
        {
            kept = scope.keep((Randn(3, 128, 64) + 0.5f).exp() * 0.25f);
            keptView = kept.reshape(64, 128);
            for (int i = 0; i < 20; i++) _ = Randn(i, 128, 64) * 7f;
        }
        for (int round = 0; round < 20; round++)
            using (memory_scope()) _ = Randn(round, 128, 64) - 1f;   // rents and returns buffers of the same class
        Assert.That(kept.ToArray(), Is.EqualTo(expected));
        Assert.That(keptView.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Keep_in_a_nested_scope_moves_the_tensor_to_the_enclosing_scope_only()
    {
        Tensor t;
        using (memory_scope())
        {
            using (var inner = memory_scope()) t = inner.keep(Randn(4, 100) * 2f);
            Assert.That(t.ToArray(), Is.EqualTo((Randn(4, 100) * 2f).ToArray()), "alive in the outer scope");
        }
        Assert.Throws<ObjectDisposedException>(() => t.ToArray(), "released with the outer scope");
    }

    [Test]
    public void Tensors_made_outside_any_scope_are_never_released_by_one()
    {
        var outside = Randn(5, 200) * 2f;
        var expected = outside.ToArray();
        using (var scope = memory_scope())
        {
            var view = outside.reshape(20, 10);
            scope.keep(view);
            _ = view * 3f;
        }
        Assert.That(outside.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Released_buffers_are_reused_by_the_next_scope_and_the_stale_tensor_cannot_see_it()
    {
        for (int attempt = 0; ; attempt++)   // a pool trim (at a collection) between the two scopes may drop the buffer: retry
        {
            float[] first;
            Tensor stale;
            using (memory_scope())
            {
                stale = Randn(6, 96, 96) * 2f;
                first = stale.Data;
            }
            using (memory_scope())
            {
                var fresh = Randn(7, 96, 96) * 5f;
                if (!ReferenceEquals(fresh.Data, first))
                {
                    if (attempt < 5) continue;
                    Assert.Fail("a released buffer of the same size class was not reused in five attempts");
                }
                Assert.Throws<ObjectDisposedException>(() => stale.ToArray(), "the old tensor does not read the new tensor's values");
                Assert.That(fresh.ToArray(), Is.EqualTo((Randn(7, 96, 96) * 5f).ToArray()));
            }
            return;
        }
    }

    [Test]
    public void Training_steps_in_scopes_give_bit_identical_parameters_and_the_grads_survive_the_scope()
    {
        var plain = TrainTwoLayerNet(scoped: false, out var plainGrad);
        var scoped = TrainTwoLayerNet(scoped: true, out var scopedGrad);
        for (int i = 0; i < plain.Length; i++) Assert.That(scoped[i], Is.EqualTo(plain[i]), $"parameter {i}");
        Assert.That(scopedGrad, Is.EqualTo(plainGrad), "the last step's grad, read after its scope ended");
    }

    private static float[][] TrainTwoLayerNet(bool scoped, out float[] lastGrad)
    {
        var g = new Generator(11);
        var net = nn.Sequential(nn.Linear(3, 64, g), nn.Tanh(), nn.Linear(64, 64, g), nn.ReLU(), nn.Linear(64, 2, g));
        var opt = optim.Adam(net.parameters(), lr: 1e-2);
        for (int step = 0; step < 15; step++)
        {
            using var scope = scoped ? memory_scope() : null;
            var x = randn([200, 3], g);
            var target = randn([200, 2], g);
            var loss = (net.forward(x) - target).pow(2).mean();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        lastGrad = net.parameters().First().grad!.ToArray();
        return net.parameters().Select(p => p.ToArray()).ToArray();
    }

    [Test]
    public void A_module_built_inside_a_scope_keeps_its_parameters_after_it()
    {
        Linear layer;
        float[] w;
        using (memory_scope())
        {
            layer = nn.Linear(4, 3, new Generator(1));
            w = layer.weight.ToArray();
        }
        Assert.That(layer.weight.ToArray(), Is.EqualTo(w));
        Assert.That(layer.forward(ones(2, 4)).shape, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void A_graph_saved_in_a_scope_is_correct_inside_it_even_when_other_scopes_churn_the_pool()
    {
        var (plainValue, plainGrad) = SavedTensorsGraph(churn: false, scoped: false);
        var (value, grad) = SavedTensorsGraph(churn: true, scoped: true);
        Assert.That(value, Is.EqualTo(plainValue));
        Assert.That(grad, Is.EqualTo(plainGrad));
    }

    /// <summary>exp, tanh, sigmoid and sqrt keep their outputs, mul and matmul their inputs: all saved in the scope.</summary>
    private static (float value, float[] grad) SavedTensorsGraph(bool churn, bool scoped)
    {
        var x = Randn(8, 64, 32).requires_grad_();
        var w = Randn(9, 32, 48);
        using var scope = scoped ? memory_scope() : null;
        var h = (x.matmul(w) * 0.1f).tanh();
        var y = (h.exp() * h.sigmoid() + 1f).sqrt() * x.matmul(w).relu();
        if (churn)
            for (int i = 0; i < 30; i++)
                using (memory_scope()) _ = (Randn(100 + i, 64, 48) * 2f).exp() + Randn(200 + i, 64, 32).sum();
        var loss = y.sum();
        loss.backward();
        return (loss.item(), x.grad!.ToArray());
    }

    [Test]
    public void Backward_through_a_graph_whose_scope_has_ended_throws_instead_of_reading_reused_memory()
    {
        var x = Randn(10, 64, 64).requires_grad_();
        Tensor loss;
        using (var scope = memory_scope()) loss = scope.keep((x.exp() * 2f).sum());
        using (memory_scope()) for (int i = 0; i < 10; i++) _ = Randn(i, 64, 64) * 3f;
        Assert.Throws<ObjectDisposedException>(() => loss.backward(), "exp saved its output, which the scope released");
        Assert.That(loss.item(), Is.EqualTo((x.exp() * 2f).sum().item()), "the kept value itself is intact");
    }

    [Test]
    public void Double_backward_inside_a_scope_equals_the_unscoped_result()
    {
        float[] Run(bool scoped)
        {
            var x = Randn(12, 50, 2).requires_grad_();
            var g = new Generator(13);
            var f = nn.Sequential(nn.Linear(2, 64, g), nn.Tanh(), nn.Linear(64, 64, g), nn.Tanh(), nn.Linear(64, 1, g));
            using var scope = scoped ? memory_scope() : null;
            var y = f.forward(x);
            var dydx = autograd.grad(y.sum(), x, create_graph: true);
            (dydx.pow(2).sum() + y.mean()).backward();
            return f.parameters().SelectMany(p => p.grad!.ToArray()).Concat(x.grad!.ToArray()).ToArray();
        }
        Assert.That(Run(scoped: true), Is.EqualTo(Run(scoped: false)));
    }

    [Test]
    public void An_exception_inside_a_scope_leaves_the_scopes_and_the_pool_consistent()
    {
        var before = MemoryScope.Current;
        Assert.Throws<ArgumentException>(() =>
        {
            using var scope = memory_scope();
            var a = Randn(14, 40, 30) * 2f;
            _ = a.matmul(Randn(15, 20, 10));   // shapes do not align
        });
        Assert.That(MemoryScope.Current, Is.SameAs(before));
        AssertPoolHandsOutDistinctArrays();
    }

    [Test]
    public void A_backward_rule_that_throws_midway_leaves_the_callers_scope_current_and_the_pool_consistent()
    {
        var x = Randn(16, 70, 70).requires_grad_();
        using (var scope = memory_scope())
        {
            var y = Tensor.Result("throws", (x * 1f).ToArray(), x.shape, [x], (g, _) =>
            {
                _ = g * 3f + 1f;   // pooled temporaries of the pass, then the failure
                throw new InvalidOperationException("planted");
            });
            var e = Assert.Throws<InvalidOperationException>(() => (y.exp() * 2f).sum().backward())!;
            Assert.That(e.Message, Is.EqualTo("planted"));
            Assert.That(MemoryScope.Current, Is.SameAs(scope), "the backward pass's own scope ended with it");
            var z = (x * 2f).exp();
            z.sum().backward();
            Assert.That(x.grad!.ToArray(), Is.EqualTo(Expected()));
        }
        AssertPoolHandsOutDistinctArrays();

        static float[] Expected()
        {
            var x = Randn(16, 70, 70).requires_grad_();
            (x * 2f).exp().sum().backward();
            return x.grad!.ToArray();
        }
    }

    /// <summary>A double return would put one array in the pool twice; two live tensors would then share it.</summary>
    private static void AssertPoolHandsOutDistinctArrays()
    {
        using var scope = memory_scope();
        var arrays = Enumerable.Range(0, 64).Select(i => (ones(70, 70) * (float)i).Data).ToList();
        Assert.That(arrays.Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(arrays.Count));
    }

    [Test]
    public void Scopes_must_end_in_reverse_order_on_their_own_thread()
    {
        var outer = memory_scope();
        var inner = memory_scope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose(), "the outer scope cannot end first");
        Exception? fromOtherThread = null;
        var thread = new Thread(() =>
        {
            try { inner.Dispose(); }
            catch (InvalidOperationException e) { fromOtherThread = e; }
        });
        thread.Start();
        thread.Join();
        Assert.That(fromOtherThread, Is.Not.Null, "another thread cannot end it");
        inner.Dispose();
        inner.Dispose();   // ending twice is harmless
        outer.Dispose();
        Assert.That(MemoryScope.Current, Is.Null);
        Assert.Throws<InvalidOperationException>(() => outer.keep(ones(3)), "keep after the end");
    }

    [Test]
    public void In_place_writes_go_through_the_released_check_too()
    {
        Tensor t;
        using (memory_scope()) t = Randn(17, 10, 10) + 0f;
        Assert.Throws<ObjectDisposedException>(() => t.detach().CopyFrom(ones(10, 10)));
    }
}
