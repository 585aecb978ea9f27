#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// 2-D transposed convolution with a square kernel: weight [in, out, k, k] (PyTorch's layout), bias [out].
/// Initialised as PyTorch does: PyTorch takes fan_in from weight dim 1, so weight, bias ~ U(±1/√(out·k·k)).
/// </summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public int in_channels { get; }
    public int out_channels { get; }
    public int kernel_size { get; }
    public int stride { get; }
    public int padding { get; }
    public int output_padding { get; }

    internal ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int outputPadding, bool hasBias, Generator generator)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1)
            throw new ArgumentException($"ConvTranspose2d: channels and kernel size must be positive, got in {inChannels}, out {outChannels}, kernel {kernelSize}");
        in_channels = inChannels; out_channels = outChannels; kernel_size = kernelSize;
        this.stride = stride; this.padding = padding; output_padding = outputPadding;
        float bound = 1f / MathF.Sqrt(outChannels * kernelSize * kernelSize);
        weight = register_parameter("weight", torch.nn.init.uniform([inChannels, outChannels, kernelSize, kernelSize], -bound, bound, generator));
        if (hasBias) bias = register_parameter("bias", torch.nn.init.uniform([outChannels], -bound, bound, generator));
    }

    /// <summary>input [N, in, H, W] (or [in, H, W]) → [N, out, Ho, Wo], Ho = (H − 1)·stride − 2·padding + k + output_padding.</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.conv_transpose2d(input, weight, bias, stride, padding, output_padding);

    public override string ToString() =>
        $"ConvTranspose2d({in_channels}, {out_channels}, kernel_size=({kernel_size}, {kernel_size}), stride=({stride}, {stride}), padding=({padding}, {padding}), output_padding=({output_padding}, {output_padding}), bias={bias != null})";
}

public static partial class torch
{
    public static partial class nn
    {
        public static ConvTranspose2d ConvTranspose2d(int in_channels, int out_channels, int kernel_size, Generator generator,
            int stride = 1, int padding = 0, int output_padding = 0, bool bias = true) =>
            new(in_channels, out_channels, kernel_size, stride, padding, output_padding, bias, generator);

        public static partial class functional
        {
            /// <summary>
            /// 2-D transposed convolution (the gradient of conv2d with respect to its input): input [N, C_in, H, W]
            /// (or [C_in, H, W]), weight [C_in, C_out, kH, kW], bias [C_out] → [N, C_out, Ho, Wo] with
            /// Ho = (H − 1)·stride − 2·padding + kH + output_padding, 0 ≤ output_padding &lt; stride
            /// (PyTorch's <c>F.conv_transpose2d</c>, groups = 1, dilation = 1).
            /// </summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int output_padding = 0) =>
                Tensor.ConvTranspose2d(input, weight, bias, stride, padding, output_padding);
        }
    }
}
