#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// log σ(x) = −softplus(−x), computed that way so it is finite for every finite x (for x ≪ 0 it is ≈ x, where
/// log(sigmoid(x)) would give −∞). The activation of the score-based U-Net in sheet 3.5.
/// </summary>
public sealed class LogSigmoid : Module<Tensor, Tensor>
{
    internal LogSigmoid() { }

    public override Tensor forward(Tensor input) => torch.nn.functional.logsigmoid(input);

    public override string ToString() => "LogSigmoid()";
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.LogSigmoid.html
        public static LogSigmoid LogSigmoid() => new();

        public static partial class functional
        {
            public static Tensor logsigmoid(Tensor input) => -(-input).softplus();
        }
    }
}
