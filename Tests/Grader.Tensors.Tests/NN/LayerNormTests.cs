using FluentAssertions;

namespace Grader.Tensors.Tests.NN;

public class LayerNormTests
{
    /// <summary>Double-precision layer norm over the last <paramref name="k"/> elements of each row-major group.</summary>
    private static double[] Reference(float[] x, int groupSize, float[]? w, float[]? b, double eps)
    {
        var y = new double[x.Length];
        for (int s = 0; s < x.Length; s += groupSize)
        {
            double mean = 0, var = 0;
            for (int i = 0; i < groupSize; i++) mean += x[s + i];
            mean /= groupSize;
            for (int i = 0; i < groupSize; i++) var += (x[s + i] - mean) * (x[s + i] - mean);
            var /= groupSize;                                          // biased, as PyTorch
            for (int i = 0; i < groupSize; i++)
                y[s + i] = (x[s + i] - mean) / Math.Sqrt(var + eps) * (w?[i] ?? 1) + (b?[i] ?? 0);
        }
        return y;
    }

    [Test]
    public void Forward_matches_double_reference_over_two_trailing_dims()
    {
        var g = new Generator(3);
        var x = randn([2, 3, 4], g) * 3f + 1f;
        var w = randn([3, 4], g);
        var b = randn([3, 4], g);
        var y = nn.functional.layer_norm(x, [3, 4], w, b, 1e-5f).ToArray();
        var expected = Reference(x.ToArray(), 12, w.ToArray(), b.ToArray(), 1e-5);
        for (int i = 0; i < y.Length; i++) y[i].Should().BeApproximately((float)expected[i], 1e-5f);
    }

    [Test]
    public void Uses_the_biased_variance()
    {
        // [1, 3]: mean 2, biased variance 2/3 → (x − 2)/√(2/3) = ∓1.2247449, the unbiased form would give ∓1.
        var y = nn.functional.layer_norm(tensor([1f, 2f, 3f], 1, 3), [3], eps: 0f).ToArray();
        y[0].Should().BeApproximately(-1.2247449f, 1e-6f);
        y[1].Should().Be(0f);
        y[2].Should().BeApproximately(1.2247449f, 1e-6f);
    }

    [Test]
    public void Gradient_matches_finite_differences_for_input_weight_and_bias()
    {
        var g = new Generator(5);
        GradCheck.Assert(xs => nn.functional.layer_norm(xs[0], [4], xs[1], xs[2]),
            randn([3, 4], g), randn([4], g), randn([4], g));
    }

    [Test]
    public void Gradient_matches_finite_differences_over_two_dims_without_affine() =>
        GradCheck.Assert(xs => nn.functional.layer_norm(xs[0], [2, 3]), randn([2, 2, 3], new Generator(6)));

    [Test]
    public void Module_registers_weight_and_bias_initialised_to_one_and_zero()
    {
        var ln = nn.LayerNorm([4]);
        ln.named_parameters().Select(p => p.name).Should().Equal("weight", "bias");
        ln.weight!.ToArray().Should().AllBeEquivalentTo(1f);
        ln.bias!.ToArray().Should().AllBeEquivalentTo(0f);
        var x = randn([5, 4], new Generator(1));
        ln.forward(x).ToArray().Should().Equal(nn.functional.layer_norm(x, [4], ln.weight, ln.bias).ToArray());
        nn.LayerNorm([4], elementwise_affine: false).parameters().Should().BeEmpty();
        nn.LayerNorm([4], bias: false).named_parameters().Select(p => p.name).Should().Equal("weight");
    }

    [Test]
    public void Rejects_a_normalized_shape_that_is_not_trailing()
    {
        var act = () => nn.functional.layer_norm(zeros(2, 3), [2]);
        act.Should().Throw<ArgumentException>().WithMessage("*normalized_shape [2]*[2, 3]*");
    }
}
