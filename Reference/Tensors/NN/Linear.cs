#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>y = x·Wᵀ + b, W of shape [out, in]. Initialised as PyTorch does: W, b ~ U(−1/√in, 1/√in).</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Tensor weight { get; }
    public Tensor? bias { get; }
    public int in_features { get; }
    public int out_features { get; }

    internal Linear(int inFeatures, int outFeatures, bool hasBias, Generator generator)
    {
        in_features = inFeatures; out_features = outFeatures;
        float bound = 1f / MathF.Sqrt(inFeatures);
        weight = register_parameter("weight", torch.nn.init.uniform([outFeatures, inFeatures], -bound, bound, generator));
        if (hasBias) bias = register_parameter("bias", torch.nn.init.uniform([outFeatures], -bound, bound, generator));
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.linear(input, weight, bias);

    public override string ToString() => $"Linear(in_features={in_features}, out_features={out_features}, bias={bias != null})";
}

public static partial class torch
{
    public static partial class nn
    {
        public static Linear Linear(int in_features, int out_features, Generator generator, bool bias = true) =>
            new(in_features, out_features, bias, generator);

        public static partial class functional
        {
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                // 2-D input with a bias: one fused product-plus-bias (same values and gradients as matmul then add).
                if (bias is not null && input.dim() == 2 && bias.dim() == 1) return Tensor.addmm(bias, input, weight.t());
                var y = input.matmul(weight.t());
                return bias is null ? y : y + bias;
            }

            /// <summary>act(linear(input, weight, bias)) as one fused node where addmm applies (values and gradients unchanged).</summary>
            internal static Tensor LinearActivation(Tensor input, Tensor weight, Tensor? bias, FusedActivation act, float alpha)
            {
                if (bias is not null && input.dim() == 2 && bias.dim() == 1) return Tensor.AddmmActivation(bias, input, weight.t(), act, alpha);
                var y = linear(input, weight, bias);
                return act switch { FusedActivation.Relu => y.relu(), FusedActivation.Tanh => y.tanh(), _ => y.elu(alpha) };
            }
        }

        public static partial class init
        {
            public static Tensor uniform(int[] shape, float low, float high, Generator generator) =>
                torch.rand(shape, generator) * (high - low) + low;
        }
    }
}
