#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>2-D max-pooling over square windows (no parameters); the stride defaults to the kernel size.</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    public int kernel_size { get; }
    public int stride { get; }
    public int padding { get; }
    public int dilation { get; }

    internal MaxPool2d(int kernelSize, int? stride, int padding, int dilation)
    {
        kernel_size = kernelSize; this.stride = stride ?? kernelSize; this.padding = padding; this.dilation = dilation;
    }

    /// <summary>input [N, C, H, W] (or [C, H, W]) → [N, C, Ho, Wo], Ho = ⌊(H + 2·padding − k)/stride⌋ + 1.</summary>
    public override Tensor forward(Tensor input) => torch.nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation);

    public override string ToString() =>
        $"MaxPool2d(kernel_size={kernel_size}, stride={stride}, padding={padding}, dilation={dilation})";
}

public static partial class torch
{
    public static partial class nn
    {
        public static MaxPool2d MaxPool2d(int kernel_size, int? stride = null, int padding = 0, int dilation = 1) =>
            new(kernel_size, stride, padding, dilation);

        public static partial class functional
        {
            /// <summary>
            /// Maximum over each k×k window: input [N, C, H, W] (or [C, H, W]) → [N, C, Ho, Wo] with
            /// Ho = ⌊(H + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1 and stride = k unless given. The padding counts
            /// as −∞ and must be at most k/2 (PyTorch's <c>F.max_pool2d</c>, ceil_mode = false). The gradient goes to
            /// the first maximum of each window.
            /// </summary>
            public static Tensor max_pool2d(Tensor input, int kernel_size, int? stride = null, int padding = 0, int dilation = 1) =>
                Tensor.MaxPool2d(input, kernel_size, stride, padding, dilation);
        }
    }
}
