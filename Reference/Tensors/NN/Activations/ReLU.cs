#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>ReLU(x) = max(x, 0); the gradient at 0 is 0, as in PyTorch.</summary>
public sealed class ReLU : Module<Tensor, Tensor>
{
    internal ReLU() { }

    public override Tensor forward(Tensor input) => torch.nn.functional.relu(input);

    public override string ToString() => "ReLU()";
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.ReLU.html
        public static ReLU ReLU() => new();

        public static partial class functional
        {
            public static Tensor relu(Tensor input) => input.relu();
        }
    }
}
