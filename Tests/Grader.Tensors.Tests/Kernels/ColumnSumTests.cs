using System.Numerics.Tensors;

namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="Reduction.Sum"/> over the middle axis of [outer, r, inner] (a linear layer's bias gradient, <c>sum(0)</c>,
/// <c>sum_to</c>) keeps one running float sum per column in registers (<see cref="Reduction.ColumnSums"/>). It must give
/// the bits of what it replaced: the first row copied, then <c>TensorPrimitives.Add(d, row, d)</c> row by row (and, below
/// 8 columns, the same additions as a scalar loop), written out here as <see cref="RowByRow"/>, on every width around the
/// kernel's 8- and 32-column blocks and their tails, several row counts, several outer blocks, and values of
/// mixed sizes (so the order of the additions shows in the last bits), −0, ±∞ and NaN.
/// </summary>
public class ColumnSumTests
{
    private static readonly int[] Widths = [1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 48, 63, 64, 65, 80, 96, 127, 128, 129, 130];

    [TestCase(1, 1)]
    [TestCase(1, 2)]
    [TestCase(1, 3)]
    [TestCase(1, 256)]
    [TestCase(3, 255)]
    [TestCase(2, 37)]
    public void The_sums_are_the_bits_of_adding_row_by_row(int outer, int r)
    {
        foreach (var inner in Widths)
        {
            var rng = new Random(31 * outer + 7 * r + inner);
            // Sizes from 1e-4 to 1e4 and both signs: a sum in another order differs in the last bits.
            var x = Enumerable.Range(0, outer * r * inner).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-4, 5)))).ToArray();
            AssertSameBits(RowByRow(x, outer, r, inner), Reduction.Sum(x, outer, r, inner).Span.ToArray(), $"outer {outer}, r {r}, inner {inner}");
        }
    }

    [Test]
    public void Signed_zeros_infinities_and_nan_sum_as_row_by_row()
    {
        foreach (var inner in Widths)
        {
            const int r = 5;
            var x = new float[r * inner];
            for (int j = 0; j < inner; j++)
            {
                // Per column, by j mod 6: all −0 (sum −0), −0 then +0, +∞ then −∞ (NaN), a NaN in the middle, +∞ with finite
                // values, and finite values whose order matters.
                float[] column = (j % 6) switch
                {
                    0 => [-0f, -0f, -0f, -0f, -0f],
                    1 => [-0f, 0f, -0f, -0f, -0f],
                    2 => [float.PositiveInfinity, 1f, float.NegativeInfinity, 2f, 3f],
                    3 => [1f, 2f, float.NaN, 4f, 5f],
                    4 => [float.PositiveInfinity, -1e30f, 1e30f, 5f, -7f],
                    _ => [1e8f, 1f, -1e8f, 0.5f, 3e-8f],
                };
                for (int k = 0; k < r; k++) x[k * inner + j] = column[k];
            }
            AssertSameBits(RowByRow(x, 1, r, inner), Reduction.Sum(x, 1, r, inner).Span.ToArray(), $"specials, inner {inner}");
        }
    }

    [Test]
    public void A_layers_bias_gradient_is_the_row_by_row_sum_of_its_output_gradient()
    {
        // Through the engine as a training step reaches it: addmm's rule sums g over the batch for the bias.
        var rng = new Random(5);
        var g = Enumerable.Range(0, 256 * 64).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var x = randn([256, 3], new Generator(1));
        var w = randn([3, 64], new Generator(2));
        var b = zeros(64).requires_grad_();
        var y = Tensor.addmm(b, x, w);
        y.backward(tensor(g, 256, 64));
        AssertSameBits(RowByRow(g, 1, 256, 64), b.grad!.ToArray(), "bias gradient");
    }

    /// <summary>
    /// What <see cref="Reduction.Sum"/> computed before: one column, TensorPrimitives.Sum (a path this change keeps);
    /// wider, the first row copied, then each row added with TensorPrimitives (a scalar loop below 8 columns).
    /// </summary>
    private static float[] RowByRow(float[] x, int outer, int r, int inner)
    {
        var result = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                result[o] = TensorPrimitives.Sum(x.AsSpan(o * r, r));
                continue;
            }

            var d = result.AsSpan(o * inner, inner);
            x.AsSpan(o * r * inner, inner).CopyTo(d);
            for (int k = 1; k < r; k++)
            {
                var row = x.AsSpan((o * r + k) * inner, inner);
                if (inner < 8)
                    for (int j = 0; j < inner; j++) d[j] += row[j];
                else
                    TensorPrimitives.Add(d, row, d);
            }
        }
        return result;
    }

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (int i = 0; i < expected.Length; i++)
            if (!(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                Assert.That(BitConverter.SingleToInt32Bits(actual[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected[i])),
                    $"{what}: column {i}: {actual[i]:R} against {expected[i]:R}");
    }
}
