#pragma warning disable IDE1006, CS8981 // the torch.nn.functional facade at the bottom uses PyTorch's names.
using System.Numerics.Tensors;

namespace Grader.Tensors;

/// <summary>
/// The geometry of a 2-D sliding window: kernel, stride, padding and dilation per spatial dim. A window position
/// (oy, ox) covers the input pixels (oy·Sh − Ph + ki·Dh, ox·Sw − Pw + kj·Dw) for 0 ≤ ki &lt; Kh, 0 ≤ kj &lt; Kw.
/// </summary>
internal readonly record struct Window2d(int Kh, int Kw, int Sh, int Sw, int Ph, int Pw, int Dh, int Dw)
{
    public static Window2d Square(int kernel, int stride, int padding, int dilation) =>
        new(kernel, kernel, stride, stride, padding, padding, dilation, dilation);

    /// <summary>Throws unless kernel ≥ 1, stride ≥ 1, padding ≥ 0, dilation ≥ 1.</summary>
    public void Validate(string op)
    {
        if (Kh < 1 || Kw < 1) throw new ArgumentException($"{op}: kernel size must be positive, got {Kh}×{Kw}");
        if (Sh < 1 || Sw < 1) throw new ArgumentException($"{op}: stride must be positive, got {Sh}×{Sw}");
        if (Ph < 0 || Pw < 0) throw new ArgumentException($"{op}: padding must be non-negative, got {Ph}×{Pw}");
        if (Dh < 1 || Dw < 1) throw new ArgumentException($"{op}: dilation must be positive, got {Dh}×{Dw}");
    }

    /// <summary>
    /// Number of window positions along each dim: ⌊(H + 2P − D·(K−1) − 1)/S⌋ + 1 (PyTorch's formula), in long. The
    /// padded extent H + 2P must fit an int, so every coordinate the kernels compute (oy·S − P + ki·D) does.
    /// </summary>
    public (int h, int w) Blocks(int h, int w, string op, int[] inputShape)
    {
        if ((long)h + 2L * Ph > int.MaxValue || (long)w + 2L * Pw > int.MaxValue)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(inputShape)} with padding {Ph}×{Pw} is too large (the padded size must stay below {int.MaxValue})");
        long nh = (long)h + 2L * Ph - (long)Dh * (Kh - 1) - 1, nw = (long)w + 2L * Pw - (long)Dw * (Kw - 1) - 1;
        if (nh < 0 || nw < 0)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(inputShape)} (spatial {h}×{w}, padding {Ph}×{Pw}) is smaller than the kernel {Kh}×{Kw} (dilation {Dh}×{Dw})");
        return ((int)(nh / Sh + 1), (int)(nw / Sw + 1));
    }

    /// <summary>The output positions ox with 0 ≤ ox·S + off &lt; n, as the half-open range [lo, hi) clipped to [0, count) (in long).</summary>
    public static (int lo, int hi) Valid(int off, int stride, int n, int count)
    {
        long lo = off >= 0 ? 0 : (-(long)off + stride - 1) / stride;
        long hi = (long)n - 1 - off < 0 ? 0 : ((long)n - 1 - off) / stride + 1;
        lo = Math.Min(lo, count);
        hi = Math.Clamp(hi, lo, count);
        return ((int)lo, (int)hi);
    }
}

/// <summary>
/// Convolution and pooling. Two primitives, both linear and each the other's adjoint:
/// <see cref="Unfold"/> (im2col: every kernel-sized window of [N, C, H, W] as a column of [N, C·Kh·Kw, L]) and
/// <see cref="Fold"/> (col2im: the columns summed back into their windows). Unfold's backward is Fold and Fold's is
/// Unfold, so gradients of any order come out right. The rest are composites with no backward code of their own:
/// conv2d = W·unfold(x), conv_transpose2d = fold(Wᵀ·x), max_pool2d = max over unfold(x) padded with −∞.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Below this many elements (written by unfold, read by fold) the kernels run on one thread.</summary>
    private const int ParallelThreshold = 1 << 15;

    /// <summary>
    /// im2col: [N, C, H, W] → [N, C·Kh·Kw, L] with L = Ho·Wo window positions; row (c·Kh + ki)·Kw + kj of column
    /// oy·Wo + ox holds x[c, oy·Sh − Ph + ki·Dh, ox·Sw − Pw + kj·Dw], or <paramref name="padValue"/> outside the input
    /// (0 for convolution, −∞ for max-pooling). Backward: <see cref="Fold"/> (the pad value is a constant).
    /// </summary>
    internal static Tensor Unfold(Tensor x, Window2d w, float padValue, string op)
    {
        w.Validate(op);
        if (x.Shape.Length != 4) throw new ArgumentException($"{op}: expected an input of shape [N, C, H, W], got {ShapeUtil.Format(x.Shape)}");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        var (ho, wo) = w.Blocks(h, wd, op, x.Shape);
        int l = ShapeUtil.Dim((long)ho * wo, op, $"the number of {ho}×{wo} window positions");
        int kk = ShapeUtil.Dim((long)w.Kh * w.Kw, op, $"the size of the {w.Kh}×{w.Kw} kernel");
        int rows = ShapeUtil.Dim((long)c * kk, op, $"the number of rows (channels {c} × kernel {w.Kh}×{w.Kw})");
        var data = new float[ShapeUtil.Numel([n, rows, l], op)];
        var (src, srcOff) = x.is_contiguous() ? (x.Data, x.Offset) : (x.ToArray(), 0);
        ForEachPlane(n * c, data.Length, p => UnfoldPlane(src, srcOff + p * h * wd, h, wd, data, p * kk * l, ho, wo, w, padValue));
        return Result("unfold", data, [n, rows, l], [x], (g, _) => [x.requires_grad ? Fold(g, h, wd, w, "unfold backward") : null]);
    }

    /// <summary>
    /// col2im: [N, C·Kh·Kw, L] → [N, C, H, W], adding each column entry into the input pixel <see cref="Unfold"/>
    /// read it from (entries that fall in the padding are dropped); L must be the number of window positions on
    /// H×W. Backward: <see cref="Unfold"/> with zero padding.
    /// </summary>
    internal static Tensor Fold(Tensor cols, int h, int wd, Window2d w, string op)
    {
        w.Validate(op);
        if (h < 1 || wd < 1) throw new ArgumentException($"{op}: output size must be positive, got {h}×{wd}");
        int kk = ShapeUtil.Dim((long)w.Kh * w.Kw, op, $"the size of the {w.Kh}×{w.Kw} kernel");
        if (cols.Shape.Length != 3 || cols.Shape[1] % kk != 0)
            throw new ArgumentException($"{op}: expected columns of shape [N, C·{w.Kh}·{w.Kw}, L], got {ShapeUtil.Format(cols.Shape)}");
        var (ho, wo) = w.Blocks(h, wd, op, [cols.Shape[0], cols.Shape[1] / kk, h, wd]);
        int n = cols.Shape[0], c = cols.Shape[1] / kk;
        long l = (long)ho * wo;
        if (cols.Shape[2] != l)
            throw new ArgumentException($"{op}: columns of shape {ShapeUtil.Format(cols.Shape)} hold {cols.Shape[2]} windows, but a {h}×{wd} output with kernel {w.Kh}×{w.Kw}, stride {w.Sh}×{w.Sw}, padding {w.Ph}×{w.Pw} has {ho}×{wo} = {l}");
        var data = new float[ShapeUtil.Numel([n, c, h, wd], op)];
        var (src, srcOff) = cols.is_contiguous() ? (cols.Data, cols.Offset) : (cols.ToArray(), 0);
        ForEachPlane(n * c, src.Length, p => FoldPlane(src, srcOff + p * kk * (int)l, ho, wo, data, p * h * wd, h, wd, w));
        return Result("fold", data, [n, c, h, wd], [cols], (g, _) => [cols.requires_grad ? Unfold(g, w, 0f, "fold backward") : null]);
    }

    /// <summary>Runs <paramref name="body"/> for planes 0..count−1; in parallel when the work is large. Planes write disjoint outputs, so the result does not depend on the schedule.</summary>
    private static void ForEachPlane(int count, int work, Action<int> body)
    {
        if (count > 1 && work >= ParallelThreshold) Parallel.For(0, count, body);
        else for (int p = 0; p < count; p++) body(p);
    }

    private static void UnfoldPlane(float[] src, int so, int h, int wd, float[] dst, int d0, int ho, int wo, Window2d w, float pad)
    {
        bool fill = pad != 0f || float.IsNegative(pad);
        for (int ki = 0; ki < w.Kh; ki++)
            for (int kj = 0; kj < w.Kw; kj++)
            {
                int row = d0 + (ki * w.Kw + kj) * ho * wo;
                int xoff = kj * w.Dw - w.Pw;
                var (lo, hi) = Window2d.Valid(xoff, w.Sw, wd, wo);
                for (int oy = 0; oy < ho; oy++)
                {
                    var d = dst.AsSpan(row + oy * wo, wo);
                    int iy = oy * w.Sh - w.Ph + ki * w.Dh;
                    if (iy < 0 || iy >= h) { if (fill) d.Fill(pad); continue; }
                    if (fill) { d[..lo].Fill(pad); d[hi..].Fill(pad); }
                    if (hi <= lo) continue;
                    int s = so + iy * wd + xoff;
                    if (w.Sw == 1) src.AsSpan(s + lo, hi - lo).CopyTo(d[lo..hi]);
                    else for (int ox = lo; ox < hi; ox++) d[ox] = src[s + ox * w.Sw];
                }
            }
    }

    private static void FoldPlane(float[] src, int s0, int ho, int wo, float[] dst, int d0, int h, int wd, Window2d w)
    {
        for (int ki = 0; ki < w.Kh; ki++)
            for (int kj = 0; kj < w.Kw; kj++)
            {
                int row = s0 + (ki * w.Kw + kj) * ho * wo;
                int xoff = kj * w.Dw - w.Pw;
                var (lo, hi) = Window2d.Valid(xoff, w.Sw, wd, wo);
                if (hi <= lo) continue;
                for (int oy = 0; oy < ho; oy++)
                {
                    int iy = oy * w.Sh - w.Ph + ki * w.Dh;
                    if (iy < 0 || iy >= h) continue;
                    int d = d0 + iy * wd + xoff;
                    int s = row + oy * wo;
                    if (w.Sw == 1)
                    {
                        var target = dst.AsSpan(d + lo, hi - lo);
                        TensorPrimitives.Add(target, src.AsSpan(s + lo, hi - lo), target);
                    }
                    else for (int ox = lo; ox < hi; ox++) dst[d + ox * w.Sw] += src[s + ox];
                }
            }
    }

    // ---- composites ----

    /// <summary>Views an unbatched [C, H, W] input as [1, C, H, W]; throws for other ranks.</summary>
    private static (Tensor x, bool batched) Batched(Tensor input, string op)
    {
        if (input.Shape.Length == 4) return (input, true);
        if (input.Shape.Length == 3) return (input.unsqueeze(0), false);
        throw new ArgumentException($"{op}: expected an input of shape [N, C, H, W] or [C, H, W], got {ShapeUtil.Format(input.Shape)}");
    }

    private static void CheckBias(Tensor? bias, int channels, string op, Tensor weight)
    {
        if (bias is not null && (bias.Shape.Length != 1 || bias.Shape[0] != channels))
            throw new ArgumentException($"{op}: bias of shape {ShapeUtil.Format(bias.Shape)} for weight of shape {ShapeUtil.Format(weight.Shape)}; expected [{channels}]");
    }

    /// <summary>2-D cross-correlation (PyTorch's conv2d): weight [O, C, Kh, Kw], output [N, O, Ho, Wo] = W·unfold(x) + b.</summary>
    internal static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation)
    {
        const string op = "conv2d";
        var (x, batched) = Batched(input, op);
        if (weight.Shape.Length != 4)
            throw new ArgumentException($"{op}: expected a weight of shape [out_channels, in_channels, kH, kW], got {ShapeUtil.Format(weight.Shape)}");
        int n = x.Shape[0], c = x.Shape[1], o = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        if (weight.Shape[1] != c)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.Shape)} has {c} channels, weight of shape {ShapeUtil.Format(weight.Shape)} expects {weight.Shape[1]}");
        CheckBias(bias, o, op, weight);
        var w = new Window2d(kh, kw, stride, stride, padding, padding, dilation, dilation);
        w.Validate(op);
        var (ho, wo) = w.Blocks(x.Shape[2], x.Shape[3], op, input.Shape);
        var cols = Unfold(x, w, 0f, op);                                   // [N, C·Kh·Kw, L]
        var y = weight.reshape(o, c * kh * kw).matmul(cols).reshape(n, o, ho, wo);
        if (bias is not null) y += bias.reshape(1, o, 1, 1);
        return batched ? y : y.squeeze(0);
    }

    /// <summary>
    /// Transposed convolution (PyTorch's conv_transpose2d, the adjoint of conv2d in x): weight [C_in, C_out, Kh, Kw],
    /// output fold(Wᵀ·x) of size (H − 1)·S − 2P + Kh + output_padding; output_padding adds rows and columns at the
    /// bottom and right (from kernel entries that the padding would otherwise crop) and must be below the stride.
    /// </summary>
    internal static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int outputPadding)
    {
        const string op = "conv_transpose2d";
        var (x, batched) = Batched(input, op);
        if (weight.Shape.Length != 4)
            throw new ArgumentException($"{op}: expected a weight of shape [in_channels, out_channels, kH, kW], got {ShapeUtil.Format(weight.Shape)}");
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int o = weight.Shape[1], kh = weight.Shape[2], kw = weight.Shape[3];
        if (weight.Shape[0] != c)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.Shape)} has {c} channels, weight of shape {ShapeUtil.Format(weight.Shape)} expects {weight.Shape[0]} (weight layout [in, out, kH, kW])");
        CheckBias(bias, o, op, weight);
        var w = new Window2d(kh, kw, stride, stride, padding, padding, 1, 1);
        w.Validate(op);
        if (outputPadding < 0 || outputPadding >= stride)
            throw new ArgumentException($"{op}: output_padding must be non-negative and smaller than the stride, got output_padding {outputPadding} with stride {stride}");
        long hOutL = (long)(h - 1) * stride - 2L * padding + kh + outputPadding;
        long wOutL = (long)(wd - 1) * stride - 2L * padding + kw + outputPadding;
        if (hOutL < 1 || wOutL < 1)
            throw new ArgumentException($"{op}: input of shape {ShapeUtil.Format(input.Shape)} with kernel {kh}×{kw}, stride {stride}, padding {padding} gives an empty output ({hOutL}×{wOutL})");
        int hOut = ShapeUtil.Dim(hOutL, op, "the output height"), wOut = ShapeUtil.Dim(wOutL, op, "the output width");
        var cols = weight.reshape(c, o * kh * kw).t().matmul(x.reshape(n, c, h * wd));   // [N, C_out·Kh·Kw, H·W]
        var y = Fold(cols, hOut, wOut, w, op);
        if (bias is not null) y += bias.reshape(1, o, 1, 1);
        return batched ? y : y.squeeze(0);
    }

    /// <summary>Max over each window; out = ⌊(H + 2P − D·(K−1) − 1)/S⌋ + 1. The padding is −∞, so it never wins; P ≤ K/2 as in PyTorch.</summary>
    internal static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride, int padding, int dilation)
    {
        const string op = "max_pool2d";
        var (x, batched) = Batched(input, op);
        var w = Window2d.Square(kernelSize, stride ?? kernelSize, padding, dilation);
        w.Validate(op);
        if (padding > kernelSize / 2)
            throw new ArgumentException($"{op}: padding {padding} is more than half the kernel size {kernelSize}");
        int n = x.Shape[0], c = x.Shape[1];
        var (ho, wo) = w.Blocks(x.Shape[2], x.Shape[3], op, input.Shape);
        var cols = Unfold(x, w, float.NegativeInfinity, op);              // [N, C·K·K, L]
        var y = cols.reshape(n, c, w.Kh * w.Kw, ho * wo).max(2).values.reshape(n, c, ho, wo);
        return batched ? y : y.squeeze(0);
    }
}

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Sliding-window blocks as columns (PyTorch's <c>F.unfold</c>, argument order included):
            /// [N, C, H, W] → [N, C·k·k, L], or [C, H, W] → [C·k·k, L].
            /// </summary>
            public static Tensor unfold(Tensor input, int kernel_size, int dilation = 1, int padding = 0, int stride = 1)
            {
                var w = Window2d.Square(kernel_size, stride, padding, dilation);
                if (input.dim() == 3) return Tensor.Unfold(input.unsqueeze(0), w, 0f, "unfold").squeeze(0);
                return Tensor.Unfold(input, w, 0f, "unfold");
            }

            /// <summary>
            /// Sums columns back into an image (PyTorch's <c>F.fold</c>): [N, C·k·k, L] → [N, C, H, W], or
            /// [C·k·k, L] → [C, H, W]; overlapping entries add up. The adjoint of <see cref="unfold"/>.
            /// </summary>
            public static Tensor fold(Tensor input, (int height, int width) output_size, int kernel_size, int dilation = 1, int padding = 0, int stride = 1)
            {
                var w = Window2d.Square(kernel_size, stride, padding, dilation);
                if (input.dim() == 2) return Tensor.Fold(input.unsqueeze(0), output_size.height, output_size.width, w, "fold").squeeze(0);
                return Tensor.Fold(input, output_size.height, output_size.width, w, "fold");
            }
        }
    }
}
