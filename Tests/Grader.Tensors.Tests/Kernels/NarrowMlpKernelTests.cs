using System.Numerics.Tensors;

namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="NarrowMlpKernel"/> does a row's hidden-layer work in one pass, eight hidden units at a time in registers.
/// Each element gets the same operations in the same order as the separate span passes it replaced (a multiply, then an
/// add; ReLU as <see cref="TensorPrimitives.Max(ReadOnlySpan{float}, float, Span{float})"/>), so it is held to the same
/// bits as those passes, written out here pass by pass, on hidden widths with and without a tail of fewer than eight,
/// with rows in and outside the four-row blocks, and on pre-activations of −0, NaN and ±∞. The sums over hidden units (y
/// and dx) are the kernel's own order (<see cref="LaneDot"/>), not <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>'s.
/// </summary>
public class NarrowMlpKernelTests
{
    [TestCase("relu", 2, 512, 2, false)]
    [TestCase("relu", 2, 40, 2, false)]
    [TestCase("relu", 1, 37, 1, false)]
    [TestCase("relu", 4, 45, 4, false)]
    [TestCase("tanh", 3, 64, 4, false)]
    [TestCase("tanh", 2, 33, 2, false)]
    [TestCase("elu", 2, 100, 3, false)]
    [TestCase("relu", 2, 40, 2, true)]
    [TestCase("tanh", 2, 33, 2, true)]
    [TestCase("elu", 2, 100, 3, true)]
    public void Values_and_gradients_are_the_bits_of_the_separate_passes(string activation, int k, int h, int m, bool infinities)
    {
        var act = activation switch { "relu" => FusedActivation.Relu, "tanh" => FusedActivation.Tanh, _ => FusedActivation.Elu };
        var rng = new Random(17 + k + h + m);
        float Draw() => (float)(rng.NextDouble() * 4 - 2);
        int n = 23;
        var w1 = Enumerable.Range(0, h * k).Select(_ => Draw()).ToArray();
        var b1 = Enumerable.Range(0, h).Select(_ => Draw()).ToArray();
        var w2 = Enumerable.Range(0, m * h).Select(_ => Draw()).ToArray();
        var b2 = Enumerable.Range(0, m).Select(_ => Draw()).ToArray();
        var x = Enumerable.Range(0, n * k).Select(_ => Draw()).ToArray();
        var g = Enumerable.Range(0, n * m).Select(_ => Draw()).ToArray();
        // Row 0: x = 0 with negative weights and −0 biases gives pre-activations of −0. With infinities, rows 1 and 2
        // give NaN and ±∞ (which then fill the sums over rows, so the finite cases are tested without them).
        for (int i = 0; i < k; i++) x[i] = 0f;
        for (int j = 0; j < h; j += 3) { b1[j] = -0f; for (int i = 0; i < k; i++) w1[j * k + i] = -Math.Abs(w1[j * k + i]); }
        if (infinities)
        {
            x[k] = float.NaN;
            x[2 * k] = float.PositiveInfinity;
            b1[h - 1] = float.NegativeInfinity;
        }
        var weights = NarrowMlpKernel.Read(tensor(w1, h, k), tensor(b1, h), tensor(w2, m, h), tensor(b2, m), act, 0.7f);

        var y = new float[n * m];
        NarrowMlpKernel.Forward(weights, x, n, y);
        var (dx, dw1, db1, dw2, db2) = (new float[n * k], new float[h * k], new float[h], new float[m * h], new float[m]);
        NarrowMlpKernel.Backward(weights, x, g, n, dx, dw1, db1, dw2, db2);

        var expected = PassByPass(weights, x, g, n);
        Same(y, expected.Y, "y");
        Same(dx, expected.Dx, "dx");
        Same(dw1, expected.Dw1, "dW1");
        Same(db1, expected.Db1, "db1");
        Same(dw2, expected.Dw2, "dW2");
        Same(db2, expected.Db2, "db2");
    }

    private static void Same(float[] actual, float[] expected, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.That(BitConverter.SingleToInt32Bits(actual[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected[i])),
                $"{what}[{i}]: {actual[i]:R} vs {expected[i]:R}");
    }

    private sealed record Result(float[] Y, float[] Dx, float[] Dw1, float[] Db1, float[] Dw2, float[] Db2);

    /// <summary>The kernel's formulas as separate span passes per row (how the kernel computed them before it fused them).</summary>
    private static Result PassByPass(NarrowMlpKernel.Weights w, float[] x, float[] g, int n)
    {
        int h = w.H, k = w.K, m = w.M;
        var r = new Result(new float[n * m], new float[n * k], new float[h * k], new float[h], new float[m * h], new float[m]);
        var pre = new float[h];
        var hidden = new float[h];
        var dpre = new float[h];
        var dw1t = new float[k * h];
        for (int row = 0; row < n; row++)
        {
            var xr = x.AsSpan(row * k, k);
            w.B1.CopyTo(pre, 0);
            for (int i = 0; i < k; i++) TensorPrimitives.MultiplyAdd(w.W1T.AsSpan(i * h, h), xr[i], pre, pre);
            switch (w.Act)
            {
                case FusedActivation.Relu: TensorPrimitives.Max(pre, 0f, hidden); break;
                case FusedActivation.Tanh: pre.CopyTo(hidden, 0); Elementwise.TanhInPlace(hidden); break;
                default: Elementwise.Elu(pre, w.Alpha, hidden); break;
            }
            for (int c = 0; c < m; c++) r.Y[row * m + c] = LaneDot(hidden, w.W2.AsSpan(c * h, h)) + w.B2[c];
            Array.Clear(dpre);
            for (int c = 0; c < m; c++)
            {
                float gc = g[row * m + c];
                TensorPrimitives.MultiplyAdd(w.W2.AsSpan(c * h, h), gc, dpre, dpre);
                TensorPrimitives.MultiplyAdd(hidden, gc, r.Dw2.AsSpan(c * h, h), r.Dw2.AsSpan(c * h, h));
                r.Db2[c] += gc;
            }
            for (int j = 0; j < h; j++)
                dpre[j] = w.Act switch
                {
                    FusedActivation.Relu => hidden[j] > 0f ? dpre[j] : 0f,
                    FusedActivation.Tanh => dpre[j] * (1f - hidden[j] * hidden[j]),
                    _ => hidden[j] > 0f ? dpre[j] : dpre[j] * (hidden[j] + w.Alpha),
                };
            TensorPrimitives.Add(r.Db1, dpre, r.Db1);
            for (int i = 0; i < k; i++)
            {
                TensorPrimitives.MultiplyAdd(dpre, xr[i], dw1t.AsSpan(i * h, h), dw1t.AsSpan(i * h, h));
                r.Dx[row * k + i] = LaneDot(dpre, w.W1T.AsSpan(i * h, h));
            }
        }
        for (int j = 0; j < h; j++)
            for (int i = 0; i < k; i++) r.Dw1[j * k + i] = dw1t[i * h + j];
        return r;
    }

    /// <summary>
    /// The kernel's sum over hidden units, written out in scalars: eight lane sums (lane l over j ≡ l mod 8, from +0, a
    /// multiply then an add) over the whole groups of eight, the lanes summed as ((l₀ + l₄) + (l₂ + l₆)) + ((l₁ + l₅) +
    /// (l₃ + l₇)), then the tail added in order.
    /// </summary>
    private static float LaneDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var l = new float[8];
        int whole = a.Length - a.Length % 8, j = 0;
        for (; j < whole; j++) l[j % 8] = a[j] * b[j] + l[j % 8];
        float sum = ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
        for (; j < a.Length; j++) sum = a[j] * b[j] + sum;
        return sum;
    }
}
