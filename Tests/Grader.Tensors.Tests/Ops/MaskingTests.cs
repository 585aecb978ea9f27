namespace Grader.Tensors.Tests.Ops;

/// <summary>tril, triu and masked_fill (Ops/Masking.cs): exact values against loops, the attention use (−∞ then softmax), gradients.</summary>
public class MaskingTests
{
    private static Gen<(TensorCase X, int Diagonal)> Matrices =>
        from batch in TensorGen.Shape(0, 2, 3)
        from rows in Gen.Choose(1, 5)
        from cols in Gen.Choose(1, 5)
        from x in TensorGen.Of(batch.Append(rows).Append(cols).ToArray(), TensorGen.Uniform(-2, 2))
        from diagonal in Gen.Choose(-5, 5)
        select (x, diagonal);

    [Test]
    public void Tril_and_triu_keep_exactly_the_triangle() =>
        PropertyCheck.ForAll(Matrices, c =>
        {
            int rows = c.X.Shape[^2], cols = c.X.Shape[^1];
            var lower = c.X.ToTensor().tril(c.Diagonal).ToArray();
            var upper = triu(c.X.ToTensor(), c.Diagonal).ToArray();
            for (int k = 0; k < c.X.Values.Length; k++)
            {
                int i = k / cols % rows, j = k % cols;
                Assert.That(lower[k], Is.EqualTo(j - i <= c.Diagonal ? c.X.Values[k] : 0f), $"tril({c.Diagonal}) at ({i}, {j})");
                Assert.That(upper[k], Is.EqualTo(j - i >= c.Diagonal ? c.X.Values[k] : 0f), $"triu({c.Diagonal}) at ({i}, {j})");
            }
        });

    [Test]
    public void Infinities_outside_the_triangle_become_exact_zeros()
    {
        var x = full([3, 3], float.NegativeInfinity);
        Assert.That(x.tril().ToArray(), Is.EqualTo(new[] { -1f, 0f, 0f, -1f, -1f, 0f, -1f, -1f, -1f }.Select(v => v < 0 ? float.NegativeInfinity : 0f).ToArray()));
        Assert.That(Assert.Throws<ArgumentException>(() => tensor([1f, 2f]).triu())!.Message, Does.StartWith("triu:").And.Contain("[2]"));
    }

    /// <summary>A causal attention mask: scores above the diagonal filled with −∞ get weight exactly 0 after softmax.</summary>
    [Test]
    public void Masked_fill_with_minus_infinity_gives_causal_softmax_weights()
    {
        var scores = arange(16).reshape(1, 4, 4) * 0.1f;
        var future = ones(4, 4).triu(1);
        var weights = scores.masked_fill(future, float.NegativeInfinity).softmax(-1).ToArray();
        for (int i = 0; i < 4; i++)
        {
            for (int j = i + 1; j < 4; j++) Assert.That(weights[i * 4 + j], Is.EqualTo(0f), $"weight ({i}, {j})");
            Assert.That(weights.Skip(i * 4).Take(4).Sum(), Is.EqualTo(1f).Within(1e-6));
        }
        Assert.That(masked_fill(tensor([1f, 2f, 3f]), tensor([0f, 1f, 0f]), -5f).ToArray(), Is.EqualTo(new[] { 1f, -5f, 3f }));
        Assert.That(Assert.Throws<ArgumentException>(() => zeros(3).masked_fill(zeros(2, 3), 1f))!.Message, Does.StartWith("masked_fill:").And.Contain("[2, 3]"));
    }

    [Test]
    public void Gradients_reach_only_the_kept_positions() =>
        PropertyCheck.ForAll(Matrices, c =>
        {
            var mask = c.X.ToTensor().gt(0.5f);
            GradCheck.Assert(xs => xs[0].tril(c.Diagonal) * 2f + xs[0].triu(c.Diagonal).sin() + xs[0].masked_fill(mask, 7f).pow(2), c.X.ToTensor());
            var x = c.X.ToTensor().requires_grad_();
            x.masked_fill(mask, 7f).sum().backward();
            Assert.That(x.grad!.ToArray(), Is.EqualTo(mask.ToArray().Select(m => m != 0 ? 0f : 1f).ToArray()));
        }, cases: 15);
}
