#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// The fixed sinusoidal time embedding of the Heidelberg diffusion exercise (seed-origins §1 "Network"): with
/// half = dim/2 frequencies ωₖ = exp(−k·ln(10000)/(half − 1)), k = 0..half−1, a timestep t maps to
/// [sin(t·ω₀) … sin(t·ω_{half−1}), cos(t·ω₀) … cos(t·ω_{half−1})], sin half first. t is the raw integer timestep
/// (0..249 there), not normalised. No parameters and no buffers, so it adds nothing to the state_dict. When every row
/// has the same timestep (a sampler's step) the row is computed once and repeated: the same values, 1/N of the sin/cos.
/// </summary>
public sealed class SinusoidalEmbedding : Module<Tensor, Tensor>
{
    private readonly Tensor _frequencies;

    public int dim { get; }

    internal SinusoidalEmbedding(int dim)
    {
        this.dim = dim;
        _frequencies = torch.nn.functional.sinusoidal_frequencies(dim);
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.sinusoidal_embedding(input, _frequencies);

    public override string ToString() => $"SinusoidalEmbedding(dim={dim})";
}

public static partial class torch
{
    public static partial class nn
    {
        public static SinusoidalEmbedding SinusoidalEmbedding(int dim) => new(dim);

        public static partial class functional
        {
            /// <summary>Embeds timesteps t ([N] or [N, 1]) as [N, dim]; see <see cref="Grader.Tensors.SinusoidalEmbedding"/>.</summary>
            public static Tensor sinusoidal_embedding(Tensor t, int dim) => sinusoidal_embedding(t, sinusoidal_frequencies(dim));

            /// <summary>
            /// ωₖ = exp(−k·c) with c = ln(10000)/(half − 1), evaluated in float32 in the order PyTorch's
            /// <c>torch.exp(-emb * torch.arange(half))</c> does, shape [1, half].
            /// </summary>
            internal static Tensor sinusoidal_frequencies(int dim)
            {
                if (dim < 4 || dim % 2 != 0)
                    throw new ArgumentException($"SinusoidalEmbedding: dim must be even and at least 4, got {dim}");
                int half = dim / 2;
                float c = MathF.Log(10000f) / (half - 1);
                var w = new float[half];
                for (int k = 0; k < half; k++) w[k] = MathF.Exp(-c * k);
                return Tensor.FromArray(w, 1, half);
            }

            internal static Tensor sinusoidal_embedding(Tensor t, Tensor frequencies)
            {
                int n = t.Shape.Length switch
                {
                    1 => t.Shape[0],
                    2 when t.Shape[1] == 1 => t.Shape[0],
                    _ => throw new ArgumentException($"SinusoidalEmbedding: timesteps must have shape [N] or [N, 1], got {ShapeUtil.Format(t.Shape)}"),
                };
                var column = t.reshape(n, 1);
                if (n > 1 && !column.requires_grad && AllEqual(column))   // one timestep for the whole batch (a sampler's step): one row, repeated
                    return Embed(column.narrow(0, 0, 1), frequencies).expand(n, -1).contiguous();
                return Embed(column, frequencies);
            }

            /// <summary>[sin(t·ω), cos(t·ω)] row by row; each element depends only on its own t, so a row is the same whichever batch it is in.</summary>
            private static Tensor Embed(Tensor column, Tensor frequencies)
            {
                var angles = column * frequencies;
                return torch.cat([angles.sin(), angles.cos()], dim: 1);
            }

            /// <summary>True when every entry of the [N, 1] column is the same value (bit for bit, so ±0 and NaN count as different).</summary>
            private static bool AllEqual(Tensor column)
            {
                float[] data = column.Data;
                int stride = column.Strides[0], at = column.Offset;
                int first = BitConverter.SingleToInt32Bits(data[at]);
                for (int i = 1; i < column.Shape[0]; i++)
                    if (BitConverter.SingleToInt32Bits(data[at + i * stride]) != first) return false;
                return true;
            }
        }
    }
}
