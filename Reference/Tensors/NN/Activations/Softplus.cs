#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>Softplus(x) = log(1 + e^{βx})/β, and x itself where βx &gt; threshold (PyTorch's definition).</summary>
public sealed class Softplus : Module<Tensor, Tensor>
{
    public float beta { get; }
    public float threshold { get; }

    internal Softplus(float beta, float threshold)
    {
        if (!(beta > 0f)) throw new ArgumentOutOfRangeException(nameof(beta), $"Softplus: beta must be positive, got {beta}");
        this.beta = beta; this.threshold = threshold;
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.softplus(input, beta, threshold);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Softplus(beta={beta}, threshold={threshold})");
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.Softplus.html
        public static Softplus Softplus(float beta = 1f, float threshold = 20f) => new(beta, threshold);

        public static partial class functional
        {
            public static Tensor softplus(Tensor input, float beta = 1f, float threshold = 20f) => input.softplus(beta, threshold);
        }
    }
}
