#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// 2-D convolution (cross-correlation, as in PyTorch) with a square kernel: weight [out, in, k, k], bias [out].
/// Initialised as PyTorch does (kaiming_uniform with a = √5): weight, bias ~ U(±1/√(in·k·k)), weight drawn first.
/// </summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public int in_channels { get; }
    public int out_channels { get; }
    public int kernel_size { get; }
    public int stride { get; }
    public int padding { get; }

    internal Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, bool hasBias, Generator generator)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1)
            throw new ArgumentException($"Conv2d: channels and kernel size must be positive, got in {inChannels}, out {outChannels}, kernel {kernelSize}");
        in_channels = inChannels; out_channels = outChannels; kernel_size = kernelSize; this.stride = stride; this.padding = padding;
        float bound = 1f / MathF.Sqrt(inChannels * kernelSize * kernelSize);
        weight = register_parameter("weight", torch.nn.init.uniform([outChannels, inChannels, kernelSize, kernelSize], -bound, bound, generator));
        if (hasBias) bias = register_parameter("bias", torch.nn.init.uniform([outChannels], -bound, bound, generator));
    }

    /// <summary>input [N, in, H, W] (or [in, H, W]) → [N, out, Ho, Wo], Ho = ⌊(H + 2·padding − k)/stride⌋ + 1.</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.conv2d(input, weight, bias, stride, padding);

    public override string ToString() =>
        $"Conv2d({in_channels}, {out_channels}, kernel_size=({kernel_size}, {kernel_size}), stride=({stride}, {stride}), padding=({padding}, {padding}), bias={bias != null})";
}

public static partial class torch
{
    public static partial class nn
    {
        public static Conv2d Conv2d(int in_channels, int out_channels, int kernel_size, Generator generator, int stride = 1, int padding = 0, bool bias = true) =>
            new(in_channels, out_channels, kernel_size, stride, padding, bias, generator);

        public static partial class functional
        {
            /// <summary>
            /// 2-D cross-correlation: input [N, C, H, W] (or [C, H, W]), weight [O, C, kH, kW], bias [O] →
            /// [N, O, Ho, Wo] with Ho = ⌊(H + 2·padding − dilation·(kH − 1) − 1)/stride⌋ + 1 (PyTorch's <c>F.conv2d</c>, groups = 1).
            /// </summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1) =>
                Tensor.Conv2d(input, weight, bias, stride, padding, dilation);
        }
    }
}
