using static Grader.Tensors.torch;

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
    public void Values_and_first_and_second_order_gradients_equal_the_unfused_nodes_bit_for_bit(string activation, float alpha = 1f)
    {
        var results = new List<float[]>();
        foreach (bool fused in new[] { true, false })
        {
            var net = Net(activation, new Generator(3), alpha);
            var x = randn([257, 3], new Generator(4)).requires_grad_();
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
