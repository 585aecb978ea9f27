#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>ELU(x) = x for x &gt; 0, α(eˣ − 1) otherwise (the activation of the Heidelberg diffusion MLP).</summary>
public sealed class ELU : Module<Tensor, Tensor>
{
    public float alpha { get; }

    internal ELU(float alpha) => this.alpha = alpha;

    public override Tensor forward(Tensor input) => torch.nn.functional.elu(input, alpha);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ELU(alpha={alpha})");
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.ELU.html
        public static ELU ELU(float alpha = 1f) => new(alpha);

        public static partial class functional
        {
            public static Tensor elu(Tensor input, float alpha = 1f) => input.elu(alpha);
        }
    }
}
