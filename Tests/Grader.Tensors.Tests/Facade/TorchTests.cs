namespace Grader.Tensors.Tests.Facade;

/// <summary>The torch facade's creation functions (Facade/torch.cs), against PyTorch's documented results.</summary>
public class TorchTests
{
    [Test]
    public void Tensor_copies_its_data()
    {
        var data = new[] { 1f, 2f, 3f, 4f };
        var t = tensor(data, 2, 2);
        data[0] = 99f;
        Assert.That(t[0, 0], Is.EqualTo(1f));
        Assert.That(tensor(new[] { 1.5, 2.5 }).shape, Is.EqualTo(new[] { 2 }), "1-D by default");
        Assert.That(tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(tensor(new double[,] { { 1, 2 } }).shape, Is.EqualTo(new[] { 1, 2 }));
        Assert.Throws<ArgumentException>(() => tensor(new[] { 1f, 2f, 3f }, 2, 2));
    }

    [Test]
    public void Constants()
    {
        Assert.That(scalar(2f).shape, Is.Empty);
        Assert.That(zeros(2, 3).ToArray(), Is.All.EqualTo(0f));
        Assert.That(ones(3).ToArray(), Is.All.EqualTo(1f));
        Assert.That(full([2, 2], -0.5f).ToArray(), Is.All.EqualTo(-0.5f));
        var x = zeros(4, 1);
        Assert.That((zeros_like(x).shape, ones_like(x).shape, full_like(x, 2f).sum().item()), Is.EqualTo((new[] { 4, 1 }, new[] { 4, 1 }, 8f)));
        Assert.That(eye(3).ToArray(), Is.EqualTo(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }));
    }

    [Test]
    public void Arange_excludes_the_end()
    {
        Assert.That(arange(5).ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4 }));
        Assert.That(arange(1, 2, 0.25).ToArray(), Is.EqualTo(new[] { 1f, 1.25f, 1.5f, 1.75f }));
        Assert.That(arange(3, 0, -1).ToArray(), Is.EqualTo(new float[] { 3, 2, 1 }));
        Assert.That(arange(0, 1, 0.1).numel(), Is.EqualTo(10));
        Assert.That(arange(2, 2).numel(), Is.EqualTo(0));
    }

    [Test]
    public void Linspace_includes_both_ends_and_one_step_gives_start()
    {
        Assert.That(linspace(0, 1, 5).ToArray(), Is.EqualTo(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }));
        Assert.That(linspace(2, 5, 1).ToArray(), Is.EqualTo(new[] { 2f }), "PyTorch: linspace(2, 5, 1) = [2]");
        Assert.That(linspace(2, 5, 0).numel(), Is.EqualTo(0));
        var l = linspace(-1, 1, 101).ToArray();
        Assert.That(l[0], Is.EqualTo(-1f));
        Assert.That(l[100], Is.EqualTo(1f));
        Assert.That(l[50], Is.EqualTo(0f));
        for (int i = 0; i < 101; i++) Assert.That(l[i], Is.EqualTo(-l[100 - i]), "symmetric");
    }

    [Test]
    public void Random_factories_take_a_generator_and_a_shape()
    {
        var g = new Generator(1);
        Assert.That(randn([2, 3], g).shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(rand([4], g).ToArray(), Is.All.InRange(0f, 1f));
        Assert.That(randn_like(zeros(3, 1), g).shape, Is.EqualTo(new[] { 3, 1 }));
        Assert.That(randint(0, 3, [5], g).ToArray(), Is.All.InRange(0f, 2f));
        Assert.That(laplace([2], g).shape, Is.EqualTo(new[] { 2 }));
        Assert.That(randperm(4, g).OrderBy(i => i), Is.EqualTo(new[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void Function_forms_delegate_to_the_methods()
    {
        var x = tensor([0.5f, 1f, 2f]);
        Assert.That(exp(x).ToArray(), Is.EqualTo(x.exp().ToArray()));
        Assert.That(log(x).ToArray(), Is.EqualTo(x.log().ToArray()));
        Assert.That(sqrt(x).ToArray(), Is.EqualTo(x.sqrt().ToArray()));
        Assert.That(tanh(x).ToArray(), Is.EqualTo(x.tanh().ToArray()));
        Assert.That(sigmoid(x).ToArray(), Is.EqualTo(x.sigmoid().ToArray()));
        Assert.That(pow(x, 3).ToArray(), Is.EqualTo(x.pow(3).ToArray()));
        Assert.That(clamp(x, max: 1f).ToArray(), Is.EqualTo(new[] { 0.5f, 1f, 1f }));
        Assert.That(softmax(x, 0).sum().item(), Is.EqualTo(1f).Within(1e-6));
        Assert.That(sum(x).item(), Is.EqualTo(3.5f));
        Assert.That(mean(x).item(), Is.EqualTo(3.5f / 3).Within(1e-6));
        Assert.That(maximum(x, scalar(1f)).ToArray(), Is.EqualTo(new[] { 1f, 1f, 2f }));
        Assert.That(minimum(x, scalar(1f)).ToArray(), Is.EqualTo(new[] { 0.5f, 1f, 1f }));
        Assert.That(blas_backend, Is.EqualTo("openblas").Or.EqualTo("managed+openblas").Or.EqualTo("managed"));
    }
}
