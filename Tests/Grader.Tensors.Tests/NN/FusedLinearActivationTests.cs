namespace Grader.Tensors.Tests.NN;

/// <summary>
/// Sequential runs Linear + ReLU/Tanh/ELU as one fused node (Ops/MatMul.cs, AddmmActivation). The claim is that the
/// values and the gradients of first and second order are those of the two separate nodes bit for bit: compared here
/// with the same layers applied one at a time, in the same process (same kernels), so equality must be exact.
/// </summary>
public class FusedLinearActivationTests
{
    private static Sequential Net(string activation, Generator g, float alpha = 1f)
    {
        Module<Tensor, Tensor> Act() => activation switch { "relu" => nn.ReLU(), "tanh" => nn.Tanh(), _ => nn.ELU(alpha) };
        return nn.Sequential(nn.Linear(3, 40, g), Act(), nn.Linear(40, 40, g), Act(), nn.Dropout(0f, g), nn.Linear(40, 2, g));
    }

    /// <summary>The same layers, one node each.</summary>
    private static Tensor Unfused(Sequential net, Tensor x)
    {
        for (int i = 0; i < net.Count; i++) x = net[i].forward(x);
        return x;
    }

    [TestCase("relu")]
    [TestCase("tanh")]
    [TestCase("elu")]
    [TestCase("elu", 0.5f)]
    [TestCase("elu", -0.7f)]   // not fusable (the output's sign does not give the mask): falls back to two nodes
    [TestCase("relu", 1f, 1003)]   // a batch the 6 × 16 kernel takes without 512-bit vectors: bias and ReLU in its epilogue
    [TestCase("elu", 1f, 1003)]
    public void Values_and_first_and_second_order_gradients_equal_the_unfused_nodes_bit_for_bit(string activation, float alpha = 1f, int batch = 257)
    {
        var results = new List<float[]>();
        foreach (bool fused in new[] { true, false })
        {
            var net = Net(activation, new Generator(3), alpha);
            var x = randn([batch, 3], new Generator(4)).requires_grad_();
            var y = fused ? net.forward(x) : Unfused(net, x);
            var dydx = autograd.grad(y.sum(), x, create_graph: true);
            (dydx.pow(2).sum() + y.pow(2).mean()).backward();
            results.Add(y.ToArray().Concat(dydx.ToArray()).Concat(x.grad!.ToArray())
                .Concat(net.parameters().SelectMany(p => p.grad!.ToArray())).ToArray());
        }
        Assert.That(results[0], Is.EqualTo(results[1]));
    }

    [Test]
    public void The_fused_node_replaces_the_pair_and_keeps_no_pre_activation()
    {
        var g = new Generator(5);
        var net = nn.Sequential(nn.Linear(2, 8, g), nn.Tanh());
        var y = net.forward(ones(4, 2).requires_grad_());
        Assert.That(y.grad_fn!.Name, Is.EqualTo("addmm_tanh"));
        using (no_grad()) Assert.That(net.forward(ones(4, 2)).ToArray(), Is.EqualTo(Unfused(net, ones(4, 2)).ToArray()));
    }

    [Test]
    public void A_batched_input_falls_back_to_the_two_ops()
    {
        var g = new Generator(6);
        var net = nn.Sequential(nn.Linear(2, 8, g), nn.ReLU());
        var x = randn([3, 5, 2], g);
        Assert.That(net.forward(x).ToArray(), Is.EqualTo(Unfused(net, x).ToArray()));
    }

    /// <summary>
    /// Without grad, a Sequential of engine modules runs in its own memory scope: the output must equal the layers
    /// applied one at a time, survive the call (outside any scope) or belong to the caller's scope (inside one), while
    /// the intermediate buffers go back to the pool.
    /// </summary>
    [Test]
    public void Without_grad_the_output_survives_its_internal_scope_and_equals_the_layers_one_by_one()
    {
        var net = Net("elu", new Generator(5));
        var x = randn([300, 3], new Generator(6));
        float[] expected;
        Tensor outside, inside;
        using (no_grad())
        {
            expected = Unfused(net, x).ToArray();
            outside = net.forward(x);
            for (int i = 0; i < 5; i++) _ = net.forward(x) * 3f;   // churn the pool with the released intermediates
            using (memory_scope())
            {
                inside = net.forward(x);
                Assert.That(inside.ToArray(), Is.EqualTo(expected), "inside the caller's scope");
            }
        }
        Assert.That(outside.ToArray(), Is.EqualTo(expected), "outside any scope the output belongs to the garbage collector");
        Assert.Throws<ObjectDisposedException>(() => inside.ToArray(), "inside one it belongs to the caller's scope, which has ended");
    }

    /// <summary>A layer from another assembly (a hand-in's module) may keep a tensor: then no internal scope.</summary>
    [Test]
    public void Without_grad_a_sequential_with_a_foreign_layer_releases_nothing()
    {
        var cache = new CachingLayer();
        var net = nn.Sequential(nn.Linear(3, 16, new Generator(7)), nn.ReLU(), cache, nn.Linear(16, 2, new Generator(8)));
        var x = randn([64, 3], new Generator(9));
        using (no_grad()) _ = net.forward(x);
        var expected = net[1].forward(net[0].forward(x)).ToArray();
        Assert.That(cache.Last!.ToArray(), Is.EqualTo(expected), "the tensor the layer kept is still readable");
    }

    private sealed class CachingLayer : Module<Tensor, Tensor>
    {
        public Tensor? Last;
        public override Tensor forward(Tensor input) => Last = input;
    }

    /// <summary>In-place tanh goes chunk by chunk; every length must give the one-call values (tails, chunk edges).</summary>
    [Test]
    public void Tanh_in_place_equals_the_tanh_op_for_every_length_around_the_chunk_edges()
    {
        var lengths = Enumerable.Range(1, 40).Concat(Enumerable.Range(1000, 60)).Concat([2047, 2048, 2049, 2063, 2064, 2065, 8000, 10_000]);
        foreach (int n in lengths)
        {
            var x = randn([n], new Generator(n)) * 2f;
            var expected = x.tanh().ToArray();
            var d = x.ToArray();
            Elementwise.TanhInPlace(d);
            Assert.That(d, Is.EqualTo(expected), $"length {n}");
        }
    }
}
