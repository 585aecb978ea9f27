using F = Grader.Tensors.torch.nn.functional;

namespace Grader.Tensors.Tests.NN;

/// <summary>Conv2d, ConvTranspose2d and MaxPool2d modules: parameters, PyTorch's init bounds, and the U-Net's layer list end to end.</summary>
public class ConvModulesTests
{
    [Test]
    public void Conv2d_has_PyTorch_shapes_names_and_init_bound()
    {
        var conv = nn.Conv2d(2, 32, 3, new Generator(1), padding: 1);
        Assert.That(conv.state_dict().Select(p => p.name), Is.EqualTo(new[] { "weight", "bias" }));
        Assert.That(conv.weight.shape, Is.EqualTo(new[] { 32, 2, 3, 3 }));
        Assert.That(conv.bias!.shape, Is.EqualTo(new[] { 32 }));
        float bound = 1f / MathF.Sqrt(2 * 3 * 3);
        foreach (var p in conv.parameters())
        {
            var v = p.ToArray();
            Assert.That(v.Max(), Is.LessThanOrEqualTo(bound));
            Assert.That(v.Min(), Is.GreaterThanOrEqualTo(-bound));
        }
        var w = conv.weight.ToArray();
        Assert.That(w.Max(), Is.GreaterThan(0.8f * bound), "the draws should fill the interval, not a smaller one");
        Assert.That(w.Min(), Is.LessThan(-0.8f * bound));
        Assert.That(conv.weight.requires_grad, Is.True);
    }

    [Test]
    public void ConvTranspose2d_takes_fan_in_from_weight_dim_1()
    {
        var tconv = nn.ConvTranspose2d(256, 16, 3, new Generator(2), stride: 2, padding: 1, output_padding: 1);
        Assert.That(tconv.weight.shape, Is.EqualTo(new[] { 256, 16, 3, 3 }));
        Assert.That(tconv.bias!.shape, Is.EqualTo(new[] { 16 }));
        float bound = 1f / MathF.Sqrt(16 * 3 * 3);
        var w = tconv.weight.ToArray();
        Assert.That(w.Max(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.9f * bound));
        Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.9f * bound));
    }

    [Test]
    public void Bias_can_be_left_out_and_the_seed_fixes_the_weights()
    {
        Assert.That(nn.Conv2d(3, 4, 3, new Generator(3), bias: false).parameters().Count(), Is.EqualTo(1));
        Assert.That(nn.ConvTranspose2d(3, 4, 3, new Generator(3), bias: false).bias, Is.Null);
        Assert.That(nn.Conv2d(3, 4, 3, new Generator(4)).weight.ToArray(), Is.EqualTo(nn.Conv2d(3, 4, 3, new Generator(4)).weight.ToArray()));
    }

    [Test]
    public void Modules_forward_to_the_functional_forms()
    {
        var g = new Generator(5);
        var x = randn([2, 3, 7, 7], g);
        var conv = nn.Conv2d(3, 4, 3, g, stride: 2, padding: 1);
        Assert.That(conv.forward(x).ToArray(), Is.EqualTo(F.conv2d(x, conv.weight, conv.bias, 2, 1).ToArray()));
        var tconv = nn.ConvTranspose2d(3, 4, 3, g, stride: 2, padding: 1, output_padding: 1);
        Assert.That(tconv.forward(x).ToArray(), Is.EqualTo(F.conv_transpose2d(x, tconv.weight, tconv.bias, 2, 1, 1).ToArray()));
        var pool = nn.MaxPool2d(2, padding: 1);
        Assert.That(pool.parameters(), Is.Empty);
        Assert.That(pool.forward(x).shape, Is.EqualTo(new[] { 2, 3, 4, 4 }));
        Assert.That(pool.forward(x).ToArray(), Is.EqualTo(F.max_pool2d(x, 2, padding: 1).ToArray()));
    }

    /// <summary>The DTU week-3 U-Net (seed-origins §3, unet.py), layer by layer, with a backward pass to every parameter.</summary>
    private sealed class UNet : Module<Tensor, Tensor>
    {
        private readonly Conv2d[] _enc;
        private readonly ConvTranspose2d[] _dec;
        private readonly Conv2d _out1, _out2;

        public UNet(Generator g)
        {
            int[] ch = [32, 64, 128, 256, 256];
            _enc =
            [
                register_module("enc0", nn.Conv2d(2, ch[0], 3, g, padding: 1)),
                register_module("enc1", nn.Conv2d(ch[0], ch[1], 3, g, padding: 1)),
                register_module("enc2", nn.Conv2d(ch[1], ch[2], 3, g, padding: 1)),
                register_module("enc3", nn.Conv2d(ch[2], ch[3], 3, g, padding: 1)),
                register_module("enc4", nn.Conv2d(ch[3], ch[4], 3, g, padding: 1)),
            ];
            _dec =
            [
                register_module("dec0", nn.ConvTranspose2d(ch[4], ch[3], 3, g, stride: 2, padding: 1, output_padding: 1)),
                register_module("dec1", nn.ConvTranspose2d(2 * ch[3], ch[2], 3, g, stride: 2, padding: 1, output_padding: 0)),
                register_module("dec2", nn.ConvTranspose2d(2 * ch[2], ch[1], 3, g, stride: 2, padding: 1, output_padding: 1)),
                register_module("dec3", nn.ConvTranspose2d(2 * ch[1], ch[0], 3, g, stride: 2, padding: 1, output_padding: 1)),
            ];
            _out1 = register_module("out1", nn.Conv2d(2 * ch[0], ch[0], 3, g, padding: 1));
            _out2 = register_module("out2", nn.Conv2d(ch[0], 1, 3, g, padding: 1));
        }

        public List<int[]> Shapes { get; } = [];

        private Tensor Act(Tensor t) { Shapes.Add(t.shape); return -(-t).softplus(); }   // LogSigmoid

        public override Tensor forward(Tensor x)
        {
            var s1 = Act(_enc[0].forward(x));
            var s2 = Act(_enc[1].forward(F.max_pool2d(s1, 2)));
            var s3 = Act(_enc[2].forward(F.max_pool2d(s2, 2)));
            var s4 = Act(_enc[3].forward(F.max_pool2d(s3, 2, padding: 1)));
            var s5 = Act(_enc[4].forward(F.max_pool2d(s4, 2)));
            var d = Act(_dec[0].forward(s5));
            d = Act(_dec[1].forward(cat([d, s4], 1)));
            d = Act(_dec[2].forward(cat([d, s3], 1)));
            d = Act(_dec[3].forward(cat([d, s2], 1)));
            return _out2.forward(Act(_out1.forward(cat([d, s1], 1))));
        }
    }

    [Test]
    public void UNet_layer_list_runs_forward_and_backward()
    {
        var g = new Generator(6);
        var net = new UNet(g);
        var x = randn([2, 2, 28, 28], g);
        var y = net.forward(x);
        Assert.That(y.shape, Is.EqualTo(new[] { 2, 1, 28, 28 }));
        Assert.That(net.Shapes.Select(s => s[2]), Is.EqualTo(new[] { 28, 14, 7, 4, 2, 4, 7, 14, 28, 28 }));
        Assert.That(net.Shapes.Select(s => s[1]), Is.EqualTo(new[] { 32, 64, 128, 256, 256, 256, 128, 64, 32, 32 }));
        (y * y).mean().backward();
        foreach (var (name, p) in net.named_parameters())
        {
            Assert.That(p.grad, Is.Not.Null, name);
            Assert.That(p.grad!.shape, Is.EqualTo(p.shape), name);
            Assert.That(p.grad.ToArray().All(float.IsFinite), Is.True, name);
            Assert.That(p.grad.ToArray().Any(v => v != 0f), Is.True, name);
        }
    }
}
