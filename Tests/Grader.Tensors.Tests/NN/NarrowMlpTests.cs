namespace Grader.Tensors.Tests.NN;

/// <summary>
/// Sequential runs Linear (k ≤ 4 inputs) → ReLU/Tanh/ELU → Linear (m ≤ 4 outputs) around a hidden layer of H ≥ 32 as
/// one node that never stores the hidden layer (Ops/NarrowMlp.cs). Its sums run in another order than the two matrix
/// products, so it is compared with an independent double-precision evaluation of the same formulas, within the
/// a-priori float32 bound γ_n·Σ|terms| (γ_n ≈ n·u, n the number of terms summed, u = 2⁻²⁴), and the separate nodes
/// are held to the same bound, so the two paths are equally close to the exact values.
/// </summary>
public class NarrowMlpTests
{
    private const double U = 5.9604645e-8;

    private static Module<Tensor, Tensor> Act(string name) => name switch { "relu" => nn.ReLU(), "tanh" => nn.Tanh(), _ => nn.ELU(0.7f) };

    private static Tensor Unfused(Sequential net, Tensor x)
    {
        for (int i = 0; i < net.Count; i++) x = net[i].forward(x);
        return x;
    }

    [TestCase("relu", 2, 512, 2)]
    [TestCase("relu", 1, 37, 1)]
    [TestCase("tanh", 3, 64, 4)]
    [TestCase("tanh", 4, 33, 2)]
    [TestCase("elu", 2, 100, 3)]
    public void Values_and_gradients_of_both_paths_are_within_the_float32_bound_of_the_exact_ones(string activation, int k, int h, int m)
    {
        var g = new Generator(11 + k + h + m);
        var net = nn.Sequential(nn.Linear(k, h, g), Act(activation), nn.Linear(h, m, g));
        // x is a column slice of a wider tensor (a coupling block's x₁), so rows are strided.
        var wide = (randn([203, k + 1], g) * 2f).requires_grad_();
        var upstream = randn([203, m], g);
        var exact = Exact(activation, wide.ToDoubleArray(), k, net, upstream.ToDoubleArray());

        foreach (bool fused in new[] { true, false })
        {
            wide.grad = null;
            foreach (var p in net.parameters()) p.grad = null;
            var x = wide.slice(1, 0, k);
            var y = fused ? net.forward(x) : Unfused(net, x);
            Assert.That(y.grad_fn!.Name, fused ? Is.EqualTo("narrow_mlp") : Is.Not.EqualTo("narrow_mlp"));
            (y * upstream).sum().backward();
            string path = fused ? "fused" : "separate";
            Close(y.ToArray(), exact.Y, exact.YScale, h + k + 2, $"{path} y");
            var dx = wide.grad!.ToArray().Where((_, i) => i % (k + 1) < k).ToArray();
            Close(dx, exact.Dx, exact.DxScale, 4 * (h + m + 2), $"{path} dx");
            var ps = net.parameters().ToArray();
            Close(ps[0].grad!.ToArray(), exact.Dw1, exact.Dw1Scale, 4 * (203 + m + 2), $"{path} dW1");
            Close(ps[1].grad!.ToArray(), exact.Db1, exact.Db1Scale, 4 * (203 + m + 2), $"{path} db1");
            Close(ps[2].grad!.ToArray(), exact.Dw2, exact.Dw2Scale, 4 * (203 + k + 2), $"{path} dW2");
            Close(ps[3].grad!.ToArray(), exact.Db2, exact.Db2Scale, 203 + 2, $"{path} db2");
        }
    }

    /// <summary>With create_graph the node's backward is the separate rules in tensor ops: second-order gradients flow through it.</summary>
    [TestCase("relu")]
    [TestCase("tanh")]
    [TestCase("elu")]
    public void Second_order_gradients_through_the_node_agree_with_the_separate_nodes(string activation)
    {
        var results = new List<float[]>();
        foreach (bool fused in new[] { true, false })
        {
            var net = nn.Sequential(nn.Linear(2, 48, new Generator(3)), Act(activation), nn.Linear(48, 1, new Generator(4)));
            var x = randn([65, 2], new Generator(5)).requires_grad_();
            var y = fused ? net.forward(x) : Unfused(net, x);
            var dydx = autograd.grad(y.sum(), x, create_graph: true);
            (dydx.pow(2).sum() + y.pow(2).mean()).backward();
            results.Add(dydx.ToArray().Concat(x.grad!.ToArray()).Concat(net.parameters().SelectMany(p => p.grad!.ToArray())).ToArray());
        }
        for (int i = 0; i < results[0].Length; i++)
            Assert.That(results[0][i], Is.EqualTo(results[1][i]).Within(1e-4 * (1 + Math.Abs(results[1][i]))), $"element {i}");
    }

    [Test]
    public void First_order_gradients_match_finite_differences()
    {
        var net = nn.Sequential(nn.Linear(2, 40, new Generator(8)), nn.Tanh(), nn.Linear(40, 2, new Generator(9)));
        var ps = net.parameters().ToArray();
        GradCheck.Assert(t => Tensor.NarrowMlp(t[0], t[1], t[2], FusedActivation.Tanh, 1f, t[3], t[4]),
            randn([7, 2], new Generator(10)).requires_grad_(), ps[0].detach().requires_grad_(), ps[1].detach().requires_grad_(),
            ps[2].detach().requires_grad_(), ps[3].detach().requires_grad_());
    }

    [TestCase(5, 64, 2, "more than four inputs")]
    [TestCase(2, 64, 5, "more than four outputs")]
    [TestCase(2, 16, 2, "a hidden layer narrower than 32")]
    public void Other_shapes_keep_the_separate_nodes(int k, int h, int m, string why)
    {
        var g = new Generator(12);
        var net = nn.Sequential(nn.Linear(k, h, g), nn.ReLU(), nn.Linear(h, m, g));
        var y = net.forward(randn([9, k], g).requires_grad_());
        Assert.That(y.grad_fn!.Name, Is.Not.EqualTo("narrow_mlp"), why);
    }

    [Test]
    public void A_layer_without_bias_keeps_the_separate_nodes()
    {
        var g = new Generator(13);
        var net = nn.Sequential(nn.Linear(2, 64, g), nn.ReLU(), nn.Linear(64, 2, g, bias: false));
        Assert.That(net.forward(randn([9, 2], g).requires_grad_()).grad_fn!.Name, Is.EqualTo("matmul"));
    }

    [Test]
    public void Without_grad_the_node_gives_the_same_values_as_with_grad()
    {
        var g = new Generator(14);
        var net = nn.Sequential(nn.Linear(3, 128, g), nn.ReLU(), nn.Linear(128, 3, g));
        var x = randn([50, 3], g);
        var withGrad = net.forward(x.requires_grad_()).ToArray();
        using (no_grad()) Assert.That(net.forward(x.detach()).ToArray(), Is.EqualTo(withGrad));
    }

    private static void Close(float[] actual, double[] exact, double[] scale, int terms, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(exact.Length), what);
        for (int i = 0; i < exact.Length; i++)
        {
            double bound = terms * U * scale[i] + 1e-30;
            Assert.That(Math.Abs(actual[i] - exact[i]), Is.LessThanOrEqualTo(bound), $"{what}[{i}]: {actual[i]} vs exact {exact[i]} (bound {bound:G3})");
        }
    }

    private sealed record ExactResult(double[] Y, double[] YScale, double[] Dx, double[] DxScale, double[] Dw1, double[] Dw1Scale,
        double[] Db1, double[] Db1Scale, double[] Dw2, double[] Dw2Scale, double[] Db2, double[] Db2Scale);

    /// <summary>
    /// The perceptron and its gradients for Σ upstream ⊙ y in double, from the float weights, with each output's Σ|terms|
    /// (the scale its float32 rounding error is bounded by). The activation's value and slope in double; their float32
    /// evaluation errs by a few ulp, which the bounds' factors cover.
    /// </summary>
    private static ExactResult Exact(string activation, double[] wide, int k, Sequential net, double[] up)
    {
        var ps = net.parameters().Select(p => p.ToDoubleArray()).ToArray();
        double[] w1 = ps[0], b1 = ps[1], w2 = ps[2], b2 = ps[3];
        int h = b1.Length, m = b2.Length, n = up.Length / m;
        (double v, double slope) Act(double p) => activation switch
        {
            "relu" => p > 0 ? (p, 1) : (0, 0),
            "tanh" => (Math.Tanh(p), 1 - Math.Tanh(p) * Math.Tanh(p)),
            _ => p > 0 ? (p, 1) : (0.7 * (Math.Exp(p) - 1), 0.7 * Math.Exp(p)),
        };
        var r = new ExactResult(new double[n * m], new double[n * m], new double[n * k], new double[n * k], new double[h * k], new double[h * k],
            new double[h], new double[h], new double[m * h], new double[m * h], new double[m], new double[m]);
        for (int row = 0; row < n; row++)
        {
            var x = Enumerable.Range(0, k).Select(i => wide[row * (k + 1) + i]).ToArray();
            var hid = new double[h]; var slope = new double[h]; var hidScale = new double[h];
            for (int j = 0; j < h; j++)
            {
                double p = b1[j], s = Math.Abs(b1[j]);
                for (int i = 0; i < k; i++) { p += x[i] * w1[j * k + i]; s += Math.Abs(x[i] * w1[j * k + i]); }
                (hid[j], slope[j]) = Act(p);
                hidScale[j] = s * Math.Max(1, Math.Abs(slope[j]));
            }
            var dpre = new double[h]; var dpreScale = new double[h];
            for (int c = 0; c < m; c++)
            {
                double y = b2[c], s = Math.Abs(b2[c]);
                for (int j = 0; j < h; j++) { y += hid[j] * w2[c * h + j]; s += (Math.Abs(hid[j]) + hidScale[j]) * Math.Abs(w2[c * h + j]); }
                r.Y[row * m + c] = y; r.YScale[row * m + c] = s;
                double g = up[row * m + c];
                r.Db2[c] += g; r.Db2Scale[c] += Math.Abs(g);
                for (int j = 0; j < h; j++)
                {
                    r.Dw2[c * h + j] += g * hid[j]; r.Dw2Scale[c * h + j] += Math.Abs(g) * (Math.Abs(hid[j]) + hidScale[j]);
                    dpre[j] += g * w2[c * h + j] * slope[j]; dpreScale[j] += Math.Abs(g * w2[c * h + j]) * (Math.Abs(slope[j]) + hidScale[j]);
                }
            }
            for (int j = 0; j < h; j++)
            {
                r.Db1[j] += dpre[j]; r.Db1Scale[j] += dpreScale[j];
                for (int i = 0; i < k; i++)
                {
                    r.Dw1[j * k + i] += dpre[j] * x[i]; r.Dw1Scale[j * k + i] += dpreScale[j] * Math.Abs(x[i]);
                    r.Dx[row * k + i] += dpre[j] * w1[j * k + i]; r.DxScale[row * k + i] += dpreScale[j] * Math.Abs(w1[j * k + i]);
                }
            }
        }
        return r;
    }
}
