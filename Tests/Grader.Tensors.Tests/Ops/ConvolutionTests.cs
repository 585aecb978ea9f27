using F = Grader.Tensors.torch.nn.functional;

namespace Grader.Tensors.Tests.Ops;

/// <summary>
/// unfold/fold and the composites built on them (conv2d, conv_transpose2d, max_pool2d): small cases worked out by
/// hand, agreement with naive loops, the U-Net's shapes, the adjoint identities, and first/second-order gradients.
/// </summary>
public class ConvolutionTests
{
    private static Tensor Arange3x3() => tensor([1f, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);

    private static void AssertClose(Tensor actual, float[] expected, int[] shape, float tol = 1e-5f)
    {
        Assert.That(actual.shape, Is.EqualTo(shape));
        Assert.That(actual.ToArray(), Is.EqualTo(expected).Within(tol));
    }

    // ---- hand-worked cases ----

    [Test]
    public void Conv2d_2x2_kernel_on_3x3_input_by_hand()
    {
        // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,2],[3,4]]: y[i,j] = x[i,j] + 2x[i,j+1] + 3x[i+1,j] + 4x[i+1,j+1] + 0.5
        //   y[0,0] = 1 + 4 + 12 + 20 = 37, y[0,1] = 2 + 6 + 15 + 24 = 47, y[1,0] = 4 + 10 + 21 + 32 = 67, y[1,1] = 5 + 12 + 24 + 36 = 77.
        var y = F.conv2d(Arange3x3(), tensor([1f, 2, 3, 4], 1, 1, 2, 2), tensor([0.5f], 1));
        AssertClose(y, [37.5f, 47.5f, 67.5f, 77.5f], [1, 1, 2, 2]);
    }

    [Test]
    public void Conv2d_3x3_ones_kernel_with_padding_1_sums_neighbourhoods()
    {
        var y = F.conv2d(Arange3x3(), ones(1, 1, 3, 3), padding: 1);
        AssertClose(y, [12f, 21, 16, 27, 45, 33, 24, 39, 28], [1, 1, 3, 3]);
    }

    [Test]
    public void Conv2d_with_stride_2_keeps_every_other_window()
    {
        var y = F.conv2d(Arange3x3(), ones(1, 1, 3, 3), stride: 2, padding: 1);
        AssertClose(y, [12f, 16, 24, 28], [1, 1, 2, 2]);
    }

    [Test]
    public void ConvTranspose2d_stride_2_output_padding_1_by_hand()
    {
        // x = [[1,2],[3,4]] scatters x[i,j]·w into the 5×5 grid at (2i, 2j):
        //   1  2  5  4  6
        //   4  5 14 10 12
        //  10 14 36 24 30
        //  12 15 34 20 24
        //  21 24 55 32 36
        // padding 1 crops one row and column at the start; output_padding 1 keeps the last one, so Hout = 1·2 − 2 + 3 + 1 = 4.
        var x = tensor([1f, 2, 3, 4], 1, 1, 2, 2);
        var w = tensor([1f, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);
        AssertClose(F.conv_transpose2d(x, w, stride: 2, padding: 1, output_padding: 1),
            [5f, 14, 10, 12, 14, 36, 24, 30, 15, 34, 20, 24, 24, 55, 32, 36], [1, 1, 4, 4]);
        AssertClose(F.conv_transpose2d(x, w, tensor([-1f], 1), stride: 2, padding: 1),
            [4f, 13, 9, 13, 35, 23, 14, 33, 19], [1, 1, 3, 3]);
    }

    [Test]
    public void MaxPool2d_padding_is_minus_infinity_so_negative_inputs_win()
    {
        // −x = −[[1,2,3],[4,5,6],[7,8,9]], kernel 2, stride 2, padding 1: the windows cover rows/cols {−1,0} and {1,2}.
        // Zero padding would give 0 in three windows; −∞ padding gives the real maxima −1, −2, −4, −5.
        var x = (-Arange3x3()).detach().requires_grad_();
        var y = F.max_pool2d(x, 2, padding: 1);
        AssertClose(y, [-1f, -2, -4, -5], [1, 1, 2, 2]);
        y.sum().backward();
        AssertClose(x.grad!, [1f, 1, 0, 1, 1, 0, 0, 0, 0], [1, 1, 3, 3]);
    }

    [Test]
    public void MaxPool2d_stride_defaults_to_kernel_and_floors_odd_sizes()
    {
        var x = arange(0, 49).reshape(1, 1, 7, 7);
        var y = F.max_pool2d(x, 2);
        AssertClose(y, [8f, 10, 12, 22, 24, 26, 36, 38, 40], [1, 1, 3, 3]);
    }

    [Test]
    public void Unfold_lays_out_windows_as_columns()
    {
        // kernel 2, stride 1 on 3×3: 4 windows; row (ki·2 + kj) holds x[oy + ki, ox + kj].
        var cols = F.unfold(Arange3x3(), 2);
        AssertClose(cols, [1f, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9], [1, 4, 4]);
        var back = F.fold(cols, (3, 3), 2);
        AssertClose(back, [1f, 4, 3, 8, 20, 12, 7, 16, 9], [1, 1, 3, 3]);   // each pixel × the number of windows covering it
    }

    // ---- agreement with naive loops ----

    private static Tensor Random(Generator g, params int[] shape) => randn(shape, g);

    private static float[] NaiveConv2d(Tensor x, Tensor w, Tensor? b, int s, int p, int d)
    {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3), o = w.size(0), kh = w.size(2), kw = w.size(3);
        int ho = (h + 2 * p - d * (kh - 1) - 1) / s + 1, wo = (wd + 2 * p - d * (kw - 1) - 1) / s + 1;
        var y = new float[n * o * ho * wo];
        int at = 0;
        for (int ni = 0; ni < n; ni++)
            for (int oi = 0; oi < o; oi++)
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++)
                    {
                        double acc = b is null ? 0 : b[oi];
                        for (int ci = 0; ci < c; ci++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++)
                                {
                                    int iy = oy * s - p + ki * d, ix = ox * s - p + kj * d;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) acc += (double)x[ni, ci, iy, ix] * w[oi, ci, ki, kj];
                                }
                        y[at++] = (float)acc;
                    }
        return y;
    }

    private static float[] NaiveConvTranspose2d(Tensor x, Tensor w, int s, int p, int op, out int[] shape)
    {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3), o = w.size(1), kh = w.size(2), kw = w.size(3);
        int ho = (h - 1) * s - 2 * p + kh + op, wo = (wd - 1) * s - 2 * p + kw + op;
        var y = new double[n * o * ho * wo];
        for (int ni = 0; ni < n; ni++)
            for (int ci = 0; ci < c; ci++)
                for (int iy = 0; iy < h; iy++)
                    for (int ix = 0; ix < wd; ix++)
                        for (int oi = 0; oi < o; oi++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++)
                                {
                                    int ty = iy * s - p + ki, tx = ix * s - p + kj;
                                    if (ty >= 0 && ty < ho && tx >= 0 && tx < wo)
                                        y[((ni * o + oi) * ho + ty) * wo + tx] += (double)x[ni, ci, iy, ix] * w[ci, oi, ki, kj];
                                }
        shape = [n, o, ho, wo];
        return y.Select(v => (float)v).ToArray();
    }

    [TestCase(2, 3, 4, 7, 6, 3, 3, 1, 1, 1)]
    [TestCase(1, 2, 3, 8, 8, 3, 2, 2, 1, 1)]   // non-square kernel, stride 2
    [TestCase(2, 2, 2, 9, 7, 3, 3, 2, 2, 2)]   // dilation 2
    [TestCase(4, 4, 5, 20, 20, 3, 3, 1, 1, 1)] // large enough for the parallel path
    public void Conv2d_matches_naive_loops(int n, int c, int o, int h, int w, int kh, int kw, int stride, int padding, int dilation)
    {
        var g = new Generator(5);
        var x = Random(g, n, c, h, w);
        var weight = Random(g, o, c, kh, kw);
        var bias = Random(g, o);
        var y = F.conv2d(x, weight, bias, stride, padding, dilation);
        int ho = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1, wo = (w + 2 * padding - dilation * (kw - 1) - 1) / stride + 1;
        AssertClose(y, NaiveConv2d(x, weight, bias, stride, padding, dilation), [n, o, ho, wo], 1e-4f);
    }

    [TestCase(2, 3, 2, 2, 3, 3, 2, 1, 1)]
    [TestCase(1, 2, 3, 4, 4, 3, 2, 1, 0)]
    [TestCase(2, 2, 2, 3, 5, 2, 1, 0, 0)]
    [TestCase(1, 3, 2, 3, 3, 4, 3, 2, 2)]
    public void ConvTranspose2d_matches_naive_scatter(int n, int c, int o, int h, int w, int k, int stride, int padding, int outputPadding)
    {
        var g = new Generator(6);
        var x = Random(g, n, c, h, w);
        var weight = Random(g, c, o, k, k);
        var y = F.conv_transpose2d(x, weight, stride: stride, padding: padding, output_padding: outputPadding);
        AssertClose(y, NaiveConvTranspose2d(x, weight, stride, padding, outputPadding, out var shape), shape, 1e-4f);
    }

    [TestCase(2, 2, 0, 1)]
    [TestCase(3, 2, 1, 1)]
    [TestCase(3, 1, 1, 1)]
    [TestCase(2, 2, 1, 1)]
    [TestCase(3, 2, 1, 2)]
    public void MaxPool2d_matches_naive_loops(int k, int stride, int padding, int dilation)
    {
        var x = Random(new Generator(7), 2, 3, 7, 6);
        var y = F.max_pool2d(x, k, stride, padding, dilation);
        int ho = (7 + 2 * padding - dilation * (k - 1) - 1) / stride + 1, wo = (6 + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
        var expected = new List<float>();
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int oy = 0; oy < ho; oy++)
                    for (int ox = 0; ox < wo; ox++)
                    {
                        float m = float.NegativeInfinity;
                        for (int ki = 0; ki < k; ki++)
                            for (int kj = 0; kj < k; kj++)
                            {
                                int iy = oy * stride - padding + ki * dilation, ix = ox * stride - padding + kj * dilation;
                                if (iy >= 0 && iy < 7 && ix >= 0 && ix < 6) m = Math.Max(m, x[n, c, iy, ix]);
                            }
                        expected.Add(m);
                    }
        AssertClose(y, expected.ToArray(), [2, 3, ho, wo], 0f);
    }

    [Test]
    public void Unbatched_and_non_contiguous_inputs_give_the_same_result()
    {
        var g = new Generator(8);
        var x = Random(g, 3, 6, 5);
        var weight = Random(g, 4, 3, 3, 3);
        var batched = F.conv2d(x.unsqueeze(0), weight, padding: 1);
        AssertClose(F.conv2d(x, weight, padding: 1), batched.ToArray(), [4, 6, 5]);
        var transposed = x.transpose(1, 2).contiguous().transpose(1, 2);   // same values, non-contiguous strides
        Assert.That(transposed.is_contiguous(), Is.False);
        AssertClose(F.conv2d(transposed, weight, padding: 1), batched.ToArray(), [4, 6, 5]);
        AssertClose(F.max_pool2d(transposed, 2), F.max_pool2d(x, 2).ToArray(), [3, 3, 2]);
    }

    // ---- the U-Net's layer list (seed-origins §3, unet.py) ----

    [Test]
    public void UNet_encoder_and_decoder_shapes()
    {
        var g = new Generator(9);
        var x = Random(g, 2, 2, 28, 28);
        int[] Conv(Tensor t, int cout) => F.conv2d(t, Random(g, cout, t.size(1), 3, 3), padding: 1).shape;
        Tensor Pool(Tensor t, int padding) => F.max_pool2d(t, 2, padding: padding);
        Tensor TConv(Tensor t, int cout, int outputPadding) =>
            F.conv_transpose2d(t, Random(g, t.size(1), cout, 3, 3), stride: 2, padding: 1, output_padding: outputPadding);

        Assert.That(Conv(x, 32), Is.EqualTo(new[] { 2, 32, 28, 28 }));
        var p1 = Pool(zeros(2, 32, 28, 28), 0);
        Assert.That(p1.shape, Is.EqualTo(new[] { 2, 32, 14, 14 }));
        var p2 = Pool(zeros(2, 64, 14, 14), 0);
        Assert.That(p2.shape, Is.EqualTo(new[] { 2, 64, 7, 7 }));
        var p3 = Pool(zeros(2, 128, 7, 7), 1);
        Assert.That(p3.shape, Is.EqualTo(new[] { 2, 128, 4, 4 }));
        var p4 = Pool(zeros(2, 256, 4, 4), 0);
        Assert.That(p4.shape, Is.EqualTo(new[] { 2, 256, 2, 2 }));
        Assert.That(Conv(p4, 256), Is.EqualTo(new[] { 2, 256, 2, 2 }));

        Assert.That(TConv(zeros(2, 256, 2, 2), 256, 1).shape, Is.EqualTo(new[] { 2, 256, 4, 4 }));
        Assert.That(TConv(zeros(2, 512, 4, 4), 128, 0).shape, Is.EqualTo(new[] { 2, 128, 7, 7 }));
        Assert.That(TConv(zeros(2, 256, 7, 7), 64, 1).shape, Is.EqualTo(new[] { 2, 64, 14, 14 }));
        Assert.That(TConv(zeros(2, 128, 14, 14), 32, 1).shape, Is.EqualTo(new[] { 2, 32, 28, 28 }));
    }

    // ---- adjoint identities ----

    private static double Dot(Tensor a, Tensor b)
    {
        var x = a.ToArray(); var y = b.ToArray();
        double s = 0; for (int i = 0; i < x.Length; i++) s += (double)x[i] * y[i];
        return s;
    }

    [TestCase(3, 1, 0, 1)]
    [TestCase(3, 2, 1, 1)]
    [TestCase(2, 2, 1, 1)]
    [TestCase(3, 1, 2, 2)]
    public void Unfold_and_fold_are_adjoint(int k, int stride, int padding, int dilation)
    {
        var g = new Generator(10);
        var x = Random(g, 2, 3, 7, 6);
        var ux = F.unfold(x, k, dilation, padding, stride);
        var y = Random(g, ux.shape);
        var fy = F.fold(y, (7, 6), k, dilation, padding, stride);
        Assert.That(fy.shape, Is.EqualTo(x.shape));
        double lhs = Dot(ux, y), rhs = Dot(x, fy);
        Assert.That(lhs, Is.EqualTo(rhs).Within(1e-4 * (1 + Math.Abs(lhs))));
    }

    [TestCase(2, 1, 1, 8)]
    [TestCase(2, 1, 0, 7)]
    [TestCase(1, 1, 0, 7)]
    [TestCase(3, 0, 2, 11)]
    public void ConvTranspose2d_is_the_adjoint_of_conv2d(int stride, int padding, int outputPadding, int h)
    {
        // ⟨conv2d(x, W), y⟩ = ⟨x, conv_transpose2d(y, W)⟩ when conv_transpose2d maps back to x's size.
        var g = new Generator(11);
        var weight = Random(g, 4, 3, 3, 3);                               // conv: 3 → 4; transposed: 4 → 3
        var x = Random(g, 2, 3, h, h);
        var cx = F.conv2d(x, weight, stride: stride, padding: padding);
        var y = Random(g, cx.shape);
        var ty = F.conv_transpose2d(y, weight, stride: stride, padding: padding, output_padding: outputPadding);
        Assert.That(ty.shape, Is.EqualTo(x.shape));
        double lhs = Dot(cx, y), rhs = Dot(x, ty);
        Assert.That(lhs, Is.EqualTo(rhs).Within(1e-4 * (1 + Math.Abs(lhs))));
    }

    // ---- gradients ----

    [Test]
    public void Unfold_gradcheck() =>
        GradCheck.Assert(xs => F.unfold(xs[0], 3, padding: 1, stride: 2), Random(new Generator(12), 2, 2, 5, 4));

    [Test]
    public void Fold_gradcheck() =>
        GradCheck.Assert(xs => F.fold(xs[0], (5, 4), 3, padding: 1, stride: 2), Random(new Generator(13), 2, 18, 6));

    [Test]
    public void Conv2d_gradcheck()
    {
        var g = new Generator(14);
        GradCheck.Assert(xs => F.conv2d(xs[0], xs[1], xs[2], stride: 2, padding: 1),
            Random(g, 2, 2, 5, 5), Random(g, 3, 2, 3, 3), Random(g, 3));
    }

    [Test]
    public void ConvTranspose2d_gradcheck()
    {
        var g = new Generator(15);
        GradCheck.Assert(xs => F.conv_transpose2d(xs[0], xs[1], xs[2], stride: 2, padding: 1, output_padding: 1),
            Random(g, 2, 3, 3, 3), Random(g, 3, 2, 3, 3), Random(g, 2));
    }

    [Test]
    public void MaxPool2d_gradcheck()
    {
        // Distinct values at least 0.1 apart, so the finite-difference steps never change which element is the maximum.
        var perm = randperm(2 * 2 * 5 * 5, new Generator(16));
        var x = tensor(perm.Select(i => 0.1f * i - 5f).ToArray(), 2, 2, 5, 5);
        GradCheck.Assert(xs => F.max_pool2d(xs[0], 2, padding: 1), x);
        GradCheck.Assert(xs => F.max_pool2d(xs[0], 3, stride: 1, padding: 1), x);
    }

    [Test]
    public void Conv2d_second_order()
    {
        var g = new Generator(17);
        GradCheck.AssertSecondOrder(xs => F.conv2d(xs[0], xs[1], xs[2], padding: 1).tanh(),
            Random(g, 1, 2, 4, 4), Random(g, 2, 2, 3, 3) * 0.5f, Random(g, 2));
    }

    [Test]
    public void ConvTranspose2d_second_order()
    {
        var g = new Generator(18);
        GradCheck.AssertSecondOrder(xs => F.conv_transpose2d(xs[0], xs[1], stride: 2, padding: 1, output_padding: 1).tanh(),
            Random(g, 1, 2, 2, 2), Random(g, 2, 2, 3, 3) * 0.5f);
    }

    // ---- shape errors name the op and the shapes ----

    [Test]
    public void Mismatched_shapes_throw_with_the_op_and_the_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.conv2d(zeros(1, 3, 5, 5), zeros(4, 2, 3, 3)))!;
        Assert.That(ex.Message, Does.Contain("conv2d").And.Contain("[1, 3, 5, 5]").And.Contain("[4, 2, 3, 3]"));
        ex = Assert.Throws<ArgumentException>(() => F.conv2d(zeros(1, 3, 5, 5), zeros(4, 3, 3, 3), zeros(3)))!;
        Assert.That(ex.Message, Does.Contain("conv2d").And.Contain("bias"));
        ex = Assert.Throws<ArgumentException>(() => F.conv2d(zeros(1, 3, 2, 2), zeros(4, 3, 3, 3)))!;
        Assert.That(ex.Message, Does.Contain("conv2d").And.Contain("[1, 3, 2, 2]"));
        ex = Assert.Throws<ArgumentException>(() => F.conv2d(zeros(3, 5), zeros(4, 3, 3, 3)))!;
        Assert.That(ex.Message, Does.Contain("conv2d").And.Contain("[3, 5]"));
        ex = Assert.Throws<ArgumentException>(() => F.conv_transpose2d(zeros(1, 3, 2, 2), zeros(4, 3, 3, 3)))!;
        Assert.That(ex.Message, Does.Contain("conv_transpose2d").And.Contain("[4, 3, 3, 3]"));
        ex = Assert.Throws<ArgumentException>(() => F.conv_transpose2d(zeros(1, 3, 2, 2), zeros(3, 3, 3, 3), stride: 2, output_padding: 2))!;
        Assert.That(ex.Message, Does.Contain("output_padding"));
        ex = Assert.Throws<ArgumentException>(() => F.max_pool2d(zeros(1, 1, 4, 4), 2, padding: 2))!;
        Assert.That(ex.Message, Does.Contain("max_pool2d").And.Contain("padding"));
        ex = Assert.Throws<ArgumentException>(() => F.fold(zeros(1, 9, 5), (4, 4), 3))!;
        Assert.That(ex.Message, Does.Contain("fold").And.Contain("[1, 9, 5]"));
        Assert.Throws<ArgumentException>(() => F.conv2d(zeros(1, 3, 5, 5), zeros(4, 3, 3, 3), stride: 0));
    }
}
