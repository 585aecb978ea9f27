#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>σ(x) = 1/(1 + e⁻ˣ), element-wise.</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    internal Sigmoid() { }

    public override Tensor forward(Tensor input) => torch.nn.functional.sigmoid(input);

    public override string ToString() => "Sigmoid()";
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.Sigmoid.html
        public static Sigmoid Sigmoid() => new();

        public static partial class functional
        {
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
        }
    }
}
