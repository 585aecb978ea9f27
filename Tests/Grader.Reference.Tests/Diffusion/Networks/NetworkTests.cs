using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Diffusion.Networks;

public sealed class NetworkTests
{
    private static long Count(Module m) => m.parameters().Sum(p => (long)p.numel());

    private static long LinearCount(int i, int o) => (long)i * o + o;

    private static long ConvCount(int i, int o, int k = 3) => (long)i * o * k * k + o;

    [Test]
    public void Heidelberg_network_has_pytorchs_parameter_count_and_names()
    {
        var net = new HeidelbergEpsilonNetwork(new Generator(1));
        long expected = LinearCount(2, 128)                                   // x_emb
                        + LinearCount(256, 128) + LinearCount(128, 64) + LinearCount(64, 32) + LinearCount(32, 16) + LinearCount(16, 2);
        expected.Should().Be(44_178);
        Count(net).Should().Be(expected);
        net.named_parameters().Select(p => p.name).Should().Equal(
            "x_emb.weight", "x_emb.bias",
            "mlp.0.weight", "mlp.0.bias", "mlp.3.weight", "mlp.3.bias", "mlp.6.weight", "mlp.6.bias",
            "mlp.9.weight", "mlp.9.bias", "mlp.12.weight", "mlp.12.bias");
        net.named_parameters().First(p => p.name == "mlp.0.weight").parameter.shape.Should().Equal(128, 256);
    }

    [Test]
    public void Heidelberg_network_maps_points_and_raw_timesteps_to_noise()
    {
        var g = new Generator(2);
        var net = new HeidelbergEpsilonNetwork(g);
        var x = randn([5, 2], g);
        var t = tensor(new float[] { 0, 1, 100, 248, 249 }, 5);
        net.forward(x, t).shape.Should().Equal(5, 2);
        net.forward(x, t.reshape(5, 1)).ToArray().Should().Equal(net.forward(x, t).ToArray());
        net.Predict(x, [0, 1, 100, 248, 249]).ToArray().Should().Equal(net.forward(x, t).ToArray());
        var wrong = () => net.forward(randn([5, 3], g), t);
        wrong.Should().Throw<ArgumentException>();
    }

    /// <summary>
    /// The time embedding enters first: with x_emb's output fixed, changing t changes the result, and the first Linear
    /// sees [temb(t), x_emb(x)]. Checked by rebuilding the forward pass by hand from the public parts.
    /// </summary>
    [Test]
    public void Heidelberg_network_concatenates_time_embedding_first()
    {
        var g = new Generator(3);
        var net = new HeidelbergEpsilonNetwork(g);
        var x = randn([4, 2], g);
        var t = tensor(new float[] { 3, 7, 50, 200 }, 4);
        var temb = nn.functional.sinusoidal_embedding(t, 128);
        var expected = net.Mlp.forward(cat([temb, net.XEmbedding.forward(x)], 1));
        net.forward(x, t).ToArray().Should().Equal(expected.ToArray());
        var swapped = net.Mlp.forward(cat([net.XEmbedding.forward(x), temb], 1));
        net.forward(x, t).ToArray().Should().NotEqual(swapped.ToArray());
    }

    /// <summary>
    /// A sampler's step (no grad, one timestep for the whole batch) splits the first layer by its inputs
    /// (W_x·x_emb + (W_t·temb + b)), the training path sums all 256 inputs at once: both stay within a float32 error
    /// bound of the same MLP evaluated in double on the same [temb, x_emb] and parameters. The bound is a running one,
    /// layer by layer: a Linear of K inputs adds γ_{K+1}·(Σ|w||ĥ| + |b|) for any order of its sums (γₙ = nu/(1 − nu),
    /// u = 2⁻²⁴) and carries the inputs' error as Σ|w|·δh; ELU is 1-Lipschitz and adds its own 2u·|y|.
    /// </summary>
    [TestCase(0f)]
    [TestCase(137f)]
    [TestCase(249f)]
    public void Heidelberg_network_with_one_timestep_for_the_batch_stays_within_float_rounding_of_double(float timestep)
    {
        var g = new Generator(11);
        var net = new HeidelbergEpsilonNetwork(g);
        const int n = 64;
        var x = randn([n, 2], g) * 2f;
        var t = tensor(Enumerable.Repeat(timestep, n).ToArray());
        var input = cat([nn.functional.sinusoidal_embedding(t, 128), net.XEmbedding.forward(x)], 1).detach();
        var (exact, bound) = DoubleForward(net, input.ToArray(), n);
        Tensor shared, rows;
        using (no_grad()) shared = net.forward(x, t);
        rows = net.forward(x, t).detach();   // with grad: the one-node-per-layer path over the concatenation
        foreach (var (name, y) in new[] { ("one timestep, no grad", shared.ToArray()), ("with grad", rows.ToArray()) })
            for (int i = 0; i < y.Length; i++)
                Math.Abs(y[i] - exact[i]).Should().BeLessThanOrEqualTo(bound[i], $"{name}, output {i}");
    }

    /// <summary>
    /// The one-timestep path is the first layer split by its inputs, then the rest of the MLP (bit for bit: same
    /// process, same kernels); and that split first layer is within γ₂₅₇·(Σ|w||h| + |b|) of the layer in double (u =
    /// 2⁻²⁴; any order of the 257 sums), a bound about 10⁻⁵ of the terms' size, far tighter than the end-to-end one above.
    /// </summary>
    [Test]
    public void Heidelberg_network_with_one_timestep_for_the_batch_is_the_split_first_layer_then_the_mlp()
    {
        var g = new Generator(12);
        var net = new HeidelbergEpsilonNetwork(g);
        const int n = 50;
        var x = randn([n, 2], g) * 2f;
        var t = tensor(Enumerable.Repeat(91f, n).ToArray());
        Tensor actual, pre, tail;
        var first = (Linear)net.Mlp[0];
        using (no_grad())
        {
            actual = net.forward(x, t);
            var temb1 = nn.functional.sinusoidal_embedding(tensor([91f]), 128);
            var rowBias = nn.functional.linear(temb1, first.weight.narrow(1, 0, 128), first.bias);
            pre = nn.functional.linear(net.XEmbedding.forward(x), first.weight.narrow(1, 128, 128), rowBias.reshape(128));
            tail = pre;
            for (int i = 1; i < net.Mlp.Count; i++) tail = net.Mlp[i].forward(tail);
        }
        actual.ToArray().Should().Equal(tail.ToArray());

        const double u = 1.0 / (1 << 24), gamma = 257 * u / (1 - 257 * u);
        float[] h = cat([nn.functional.sinusoidal_embedding(t, 128), net.XEmbedding.forward(x)], 1).detach().ToArray();
        float[] w = first.weight.ToArray(), b = first.bias!.ToArray(), p = pre.ToArray();
        for (int r = 0; r < n; r++)
            for (int o = 0; o < 128; o++)
            {
                double sum = b[o], abs = Math.Abs(b[o]);
                for (int j = 0; j < 256; j++) { sum += (double)w[o * 256 + j] * h[r * 256 + j]; abs += Math.Abs((double)w[o * 256 + j] * h[r * 256 + j]); }
                Math.Abs(p[r * 128 + o] - sum).Should().BeLessThanOrEqualTo(gamma * abs * (1 + 1e-6), $"row {r}, unit {o}");
            }
    }

    /// <summary>The MLP in double from the float parameters, and the float32 forward error bound of each output.</summary>
    private static (double[] y, double[] bound) DoubleForward(HeidelbergEpsilonNetwork net, float[] input, int n)
    {
        const double u = 1.0 / (1 << 24);
        double[] h = input.Select(v => (double)v).ToArray(), err = new double[h.Length];
        for (int i = 0; i < net.Mlp.Count; i++)
        {
            if (net.Mlp[i] is Linear lin)
            {
                float[] w = lin.weight.ToArray(), b = lin.bias!.ToArray();
                int outW = lin.out_features, k = lin.in_features;
                double gamma = (k + 1) * u / (1 - (k + 1) * u);
                var y = new double[n * outW];
                var e = new double[n * outW];
                for (int r = 0; r < n; r++)
                    for (int o = 0; o < outW; o++)
                    {
                        double sum = b[o], abs = Math.Abs(b[o]), carried = 0;
                        for (int j = 0; j < k; j++)
                        {
                            double wj = w[o * k + j], hj = h[r * k + j];
                            sum += wj * hj;
                            abs += Math.Abs(wj) * (Math.Abs(hj) + err[r * k + j]);
                            carried += Math.Abs(wj) * err[r * k + j];
                        }
                        y[r * outW + o] = sum;
                        e[r * outW + o] = carried + gamma * abs;
                    }
                (h, err) = (y, e);
            }
            else if (net.Mlp[i] is ELU elu)
                for (int j = 0; j < h.Length; j++)
                {
                    double v = h[j];
                    h[j] = v > 0 ? v : elu.alpha * (v > -1e-3 ? v + v * v / 2 + v * v * v / 6 + v * v * v * v / 24 : Math.Exp(v) - 1);
                    err[j] += 2 * u * Math.Abs(h[j]);
                }
        }
        return (h, err.Select(e => e * (1 + 1e-6)).ToArray());   // (1 + 1e-6): the double evaluation's own rounding, 2⁻²⁹ of the float bound
    }

    [Test]
    public void FcNetwork_has_pytorchs_parameter_count_and_names()
    {
        var net = new FcNetwork(2, new Generator(4));
        long expected = LinearCount(3, 64) + LinearCount(64, 64) + LinearCount(64, 2);
        expected.Should().Be(4_546);
        Count(net).Should().Be(expected);
        net.named_parameters().Select(p => p.name).Should().Equal(
            "network.0.weight", "network.0.bias", "network.2.weight", "network.2.bias", "network.4.weight", "network.4.bias");
        Count(new FcNetwork(784, new Generator(4), 256)).Should().Be(LinearCount(785, 256) + LinearCount(256, 256) + LinearCount(256, 784));
    }

    [Test]
    public void FcNetwork_appends_time_after_x_and_the_wrapper_feeds_t_over_T()
    {
        var g = new Generator(5);
        var net = new FcNetwork(2, g);
        var x = randn([3, 2], g);
        var tau = tensor(new float[] { 0f, 0.5f, 0.999f }, 3, 1);
        var y = net.forward(x, tau);
        y.shape.Should().Equal(3, 2);
        y.ToArray().Should().Equal(net.Network.forward(cat([x, tau], 1)).ToArray());
        net.WithNormalisedTime(1000).Predict(x, [0, 500, 999]).ToArray().Should().Equal(y.ToArray());
        var wrong = () => net.forward(x, tensor(new float[] { 0, 1, 2 }, 3));
        wrong.Should().Throw<ArgumentException>().WithMessage("*[N, 1]*");
    }

    [Test]
    public void UNet_has_pytorchs_parameter_count_and_names()
    {
        var net = new DtuUNet(new Generator(6));
        long encoder = ConvCount(2, 32) + ConvCount(32, 64) + ConvCount(64, 128) + ConvCount(128, 256) + ConvCount(256, 256);
        long decoder = ConvCount(256, 256) + ConvCount(512, 128) + ConvCount(256, 64) + ConvCount(128, 32)   // tconvs: in·out·9 + out
                       + ConvCount(64, 32) + ConvCount(32, 1);
        (encoder + decoder).Should().Be(2_361_409);
        Count(net).Should().Be(encoder + decoder);
        net.named_parameters().Select(p => p.name).Should().Equal(
            "_convs.0.0.weight", "_convs.0.0.bias", "_convs.1.1.weight", "_convs.1.1.bias", "_convs.2.1.weight", "_convs.2.1.bias",
            "_convs.3.1.weight", "_convs.3.1.bias", "_convs.4.1.weight", "_convs.4.1.bias",
            "_tconvs.0.0.weight", "_tconvs.0.0.bias", "_tconvs.1.0.weight", "_tconvs.1.0.bias", "_tconvs.2.0.weight", "_tconvs.2.0.bias",
            "_tconvs.3.0.weight", "_tconvs.3.0.bias", "_tconvs.4.0.weight", "_tconvs.4.0.bias", "_tconvs.4.2.weight", "_tconvs.4.2.bias");
        // ConvTranspose2d weights are [in, out, k, k] as in PyTorch.
        net.named_parameters().First(p => p.name == "_tconvs.1.0.weight").parameter.shape.Should().Equal(512, 128, 3, 3);
    }

    [Test]
    public void UNet_maps_flat_images_to_flat_noise_through_every_resolution()
    {
        var g = new Generator(7);
        var net = new DtuUNet(g);
        var x = randn([2, 784], g);
        var t = tensor(new float[] { 0.1f, 0.9f }, 2, 1);
        Tensor y;
        using (no_grad()) y = net.forward(x, t);
        y.shape.Should().Equal(2, 784);
        y.ToArray().Should().OnlyContain(v => float.IsFinite(v));

        // Intermediate shapes: 28 → 14 → 7 → 4 (pool with padding 1) → 2, and back 4, 7, 14, 28.
        using (no_grad())
        {
            var s = cat([x.reshape(2, 1, 28, 28), t.reshape(2, 1, 1, 1).expand(2, 1, 28, 28)], 1);
            var sides = new List<int>();
            for (int i = 0; i < 5; i++) { s = net.Convs[i].forward(s); sides.Add(s.size(2)); }
            sides.Should().Equal(28, 14, 7, 4, 2);
            s.size(1).Should().Be(256);
        }
        // The time channel matters.
        using (no_grad()) net.forward(x, tensor(new float[] { 0.5f, 0.5f }, 2, 1)).ToArray().Should().NotEqual(y.ToArray());
    }
}
