#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>Tanh(x), element-wise.</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    internal Tanh() { }

    public override Tensor forward(Tensor input) => torch.nn.functional.tanh(input);

    public override string ToString() => "Tanh()";
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.Tanh.html
        public static Tanh Tanh() => new();

        public static partial class functional
        {
            public static Tensor tanh(Tensor input) => input.tanh();
        }
    }
}
