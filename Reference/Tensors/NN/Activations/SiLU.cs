#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>SiLU(x) = x·σ(x) (also called swish). A composite, so it is differentiable to any order.</summary>
public sealed class SiLU : Module<Tensor, Tensor>
{
    internal SiLU() { }

    public override Tensor forward(Tensor input) => torch.nn.functional.silu(input);

    public override string ToString() => "SiLU()";
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.SiLU.html
        public static SiLU SiLU() => new();

        public static partial class functional
        {
            public static Tensor silu(Tensor input) => input * input.sigmoid();
        }
    }
}
