namespace Grader.Tensors.Tests.Autograd;

/// <summary>The reverse-mode engine (Autograd/Engine.cs): deep graphs, fan-out, accumulation, autograd.grad, errors, determinism.</summary>
public class EngineTests
{
    /// <summary>
    /// 20,000 steps of x ← 0.9999·x + 0.001 (40,000 nodes, like a long sampler or ODE solve) on a thread with a
    /// 256 KiB stack: a recursive walk would need tens of thousands of frames and crash the test host.
    /// dxₙ/dx₀ = aⁿ with a = 0.9999f; each backward multiply rounds once, so the relative error is at most n·u.
    /// </summary>
    [Test]
    public void A_chain_of_20000_ops_backpropagates_without_stack_overflow()
    {
        const int steps = 20_000;
        float x0Value = 3f, a = 0.9999f, b = 0.001f;
        Tensor? grad = null; float value = 0;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                var x0 = tensor([x0Value]).requires_grad_();
                var x = x0;
                for (int i = 0; i < steps; i++) x = x * a + b;
                value = x.item();
                x.sum().backward();
                grad = x0.grad;
            }
            catch (Exception e) { error = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.That(error, Is.Null, error?.ToString());
        double expectedGrad = Math.Pow(a, steps);
        double xd = x0Value; for (int i = 0; i < steps; i++) xd = xd * a + b;
        Assert.That(grad!.item(), Is.EqualTo(expectedGrad).Within(steps * Reference.Eps32 / 2 * expectedGrad));
        Assert.That(value, Is.EqualTo(xd).Within(steps * Reference.Eps32 * 10));
    }

    [Test]
    public void A_deep_chain_also_works_through_autograd_grad_with_create_graph()
    {
        var x0 = tensor([0.5f]).requires_grad_();
        var x = x0;
        for (int i = 0; i < 5_000; i++) x = (x * 0.999f).sin() + 0.0005f;
        var g = autograd.grad(x.sum(), x0, create_graph: true);
        var g2 = autograd.grad(g.sum(), x0);
        Assert.That(float.IsFinite(g.item()) && float.IsFinite(g2.item()));
    }

    [Test]
    public void A_node_used_twice_gets_the_sum_of_both_contributions()
    {
        var a = tensor([3f, -2f]).requires_grad_();
        (a * a).sum().backward();
        Assert.That(a.grad!.ToArray(), Is.EqualTo(new[] { 6f, -4f }));

        var x = tensor([1.5f]).requires_grad_();
        var y = tensor([4f]).requires_grad_();
        var h = x * y;                      // h used three times, x on two paths
        (h + h * h + x.exp() * h).sum().backward();
        double hx = 1.5 * 4, ex = Math.Exp(1.5);
        Assert.That(x.grad!.item(), Is.EqualTo(4 + 2 * hx * 4 + ex * hx + ex * 4).Within(1e-4));
        Assert.That(y.grad!.item(), Is.EqualTo(1.5 + 2 * hx * 1.5 + ex * 1.5).Within(1e-4));
    }

    [Test]
    public void Gradients_accumulate_across_backward_calls_until_reset()
    {
        var x = tensor([1f, 2f]).requires_grad_();
        var y = (x * x).sum();
        y.backward();
        y.backward();
        Assert.That(x.grad!.ToArray(), Is.EqualTo(new[] { 4f, 8f }), "two backward() calls add up");
        (x * 3f).sum().backward();
        Assert.That(x.grad!.ToArray(), Is.EqualTo(new[] { 7f, 11f }));
        x.grad = null;
        (x * 3f).sum().backward();
        Assert.That(x.grad!.ToArray(), Is.EqualTo(new[] { 3f, 3f }));
        Assert.That(x.grad.requires_grad, Is.False, "without create_graph the stored gradient is a constant");
    }

    [Test]
    public void Only_leaves_that_require_grad_receive_grad()
    {
        var x = tensor([2f]).requires_grad_();
        var c = tensor([5f]);
        var h = x * c;
        (h * h).sum().backward();
        Assert.That(x.grad!.item(), Is.EqualTo(2 * 2 * 25f));
        Assert.That(c.grad, Is.Null);
        Assert.That(h.grad, Is.Null, "intermediate tensors keep no .grad");
        Assert.That(h.is_leaf, Is.False);
        Assert.That(h.grad_fn!.Name, Is.EqualTo("mul"));
        Assert.That(h.detach().requires_grad, Is.False);
        Assert.That(h.detach().is_leaf);
        Assert.Throws<InvalidOperationException>(() => h.requires_grad_(false));
    }

    [Test]
    public void Autograd_grad_returns_gradients_without_touching_grad_and_honours_allow_unused()
    {
        var x = tensor([1f, 2f]).requires_grad_();
        var y = tensor([3f]).requires_grad_();
        var z = (x * 2f).sum();
        var ex = Assert.Throws<InvalidOperationException>(() => autograd.grad([z], [x, y]))!;
        Assert.That(ex.Message, Does.Contain("allow_unused"));
        var g = autograd.grad([z], [x, y], allow_unused: true);
        Assert.That(g[0]!.ToArray(), Is.EqualTo(new[] { 2f, 2f }));
        Assert.That(g[1], Is.Null);
        Assert.That(x.grad, Is.Null, "autograd.grad leaves .grad alone");
        Assert.That(g[0]!.requires_grad, Is.False);
    }

    [Test]
    public void Autograd_grad_with_respect_to_an_intermediate_and_with_several_outputs()
    {
        var x = tensor([0.5f, -1f]).requires_grad_();
        var h = x.exp();
        var y1 = (h * h).sum();
        var y2 = h.sum();
        var gh = autograd.grad([y1], [h])[0]!;
        Assert.That(gh.ToArray(), Is.EqualTo(h.ToArray().Select(v => 2 * v).ToArray()));
        var gx = autograd.grad([y1, y2], [x], [scalar(1f), scalar(10f)])[0]!;
        var expected = x.ToArray().Select(v => 2 * Math.Exp(2 * v) + 10 * Math.Exp(v)).ToArray();
        Reference.AssertClose(gx.ToArray(), expected, 8, 0, "∂(y1 + 10·y2)/∂x");
    }

    /// <summary>
    /// A rule learns which of its inputs' gradients the pass keeps (Engine.NeedsGradient): autograd.grad keeps only
    /// those leading to a requested input, so a layer's rule can skip its weight gradient when ∂f/∂x is asked for.
    /// </summary>
    [Test]
    public void A_rule_is_told_which_input_gradients_the_pass_keeps()
    {
        var x = randn([3, 2], new Generator(1)).requires_grad_();
        var w = randn([2, 2], new Generator(2)).requires_grad_();
        var h = x * 2f;   // x reaches the spy through another node
        var seen = new List<(bool, bool)>();
        var y = new Tensor(new float[6], [3, 2]);
        Tensor.Record(y, "spy", [h, w], g =>
        {
            seen.Add((Engine.NeedsGradient(0), Engine.NeedsGradient(1)));
            return [g, zeros(2, 2)];
        });
        _ = autograd.grad([y.sum()], [x]);
        _ = autograd.grad([y.sum()], [w]);
        _ = autograd.grad([y.sum()], [h, w], create_graph: true);
        y.sum().backward();
        Assert.That(seen, Is.EqualTo(new[] { (true, false), (false, true), (true, true), (true, true) }));
        Assert.That(Engine.NeedsGradient(0), Is.True, "outside a rule every gradient counts as needed");
        Assert.That(w.grad!.ToArray(), Is.All.EqualTo(0f));
    }

    /// <summary>∂f/∂x of a layer whose weights require grad (the ODE drift's case) skips the weight gradients and still gives the gradient of backward(), bit for bit.</summary>
    [Test]
    public void Autograd_grad_with_respect_to_the_input_equals_backwards_gradient_bit_for_bit()
    {
        var g = new Generator(3);
        var net = nn.Sequential(nn.Linear(2, 16, g), nn.Tanh(), nn.Linear(16, 16, g), nn.Tanh(), nn.Linear(16, 1, g));
        var x = randn([9, 2], g).requires_grad_();
        var dfdx = autograd.grad([net.forward(x).sum()], [x], create_graph: true)[0]!;
        net.forward(x).sum().backward();
        Assert.That(dfdx.ToArray(), Is.EqualTo(x.grad!.ToArray()));
        Assert.That(net.parameters().All(p => p.grad!.ToArray().Any(v => v != 0f)), "backward() still computes every weight gradient");
    }

    [Test]
    public void Backward_of_a_non_scalar_needs_a_gradient()
    {
        var x = tensor([1f, 2f, 3f]).requires_grad_();
        var y = x * 2f;
        var ex = Assert.Throws<InvalidOperationException>(() => y.backward())!;
        Assert.That(ex.Message, Does.Contain("scalar").And.Contain("[3]"));
        Assert.Throws<InvalidOperationException>(() => autograd.grad([y], [x]));
        Assert.Throws<ArgumentException>(() => y.backward(ones(2)), "a gradient of the wrong shape");
        y.backward(tensor([1f, 0f, -1f]));
        Assert.That(x.grad!.ToArray(), Is.EqualTo(new[] { 2f, 0f, -2f }));
    }

    [Test]
    public void Backward_without_a_graph_explains_why()
    {
        var x = tensor([1f]);
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2f).sum().backward())!;
        Assert.That(ex.Message, Does.Contain("requires_grad").Or.Contain("no_grad"));
        var w = tensor([1f]).requires_grad_();
        Tensor y;
        using (no_grad()) y = (w * 2f).sum();
        Assert.Throws<InvalidOperationException>(() => y.backward());
    }

    [Test]
    public void Backward_of_a_leaf_itself_seeds_ones()
    {
        var x = TensorGen.Leaf([4f], []).requires_grad_();
        x.backward();
        Assert.That(x.grad!.item(), Is.EqualTo(1f));
    }

    /// <summary>
    /// Many contributions of different magnitudes reach the same leaves, so the order in which they are added shows in
    /// the last bits. Two runs on fresh graphs must agree bit for bit.
    /// </summary>
    [Test]
    public void Backward_is_deterministic_to_the_bit()
    {
        uint[] Run()
        {
            var g = new Generator(7);
            var x = randn([16, 8], g).requires_grad_();
            var w = randn([8, 8], g).requires_grad_();
            var h = x;
            var terms = new List<Tensor>();
            for (int i = 0; i < 12; i++)
            {
                h = (h.matmul(w) * (0.3f + 0.05f * i)).tanh() + h * 1e-3f;
                terms.Add(h.pow(2).mean(0).sum() * MathF.Pow(3f, i % 5));
                terms.Add(h.softmax(1).max(1).values.sum() * 1e-4f);
            }
            var loss = terms.Aggregate((a, b) => b + a);
            loss.backward();
            return x.grad!.ToArray().Concat(w.grad!.ToArray()).Select(BitConverter.SingleToUInt32Bits).ToArray();
        }
        var first = Run();
        var second = Run();
        Assert.That(second, Is.EqualTo(first));
    }
}
