#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// Layer normalisation over the trailing <see cref="normalized_shape"/> dims: (x − E[x])/√(Var[x] + ε)·γ + β, with
/// the biased variance (divided by n), as in PyTorch. γ starts at ones and β at zeros.
/// </summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    public int[] normalized_shape { get; }
    public float eps { get; }
    public Tensor? weight { get; }
    public Tensor? bias { get; }

    internal LayerNorm(int[] normalizedShape, float eps, bool elementwiseAffine, bool hasBias)
    {
        torch.nn.functional.CheckNormalizedShape(normalizedShape);
        normalized_shape = (int[])normalizedShape.Clone();
        this.eps = eps;
        if (elementwiseAffine)
        {
            weight = register_parameter("weight", torch.ones(normalized_shape));
            if (hasBias) bias = register_parameter("bias", torch.zeros(normalized_shape));
        }
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.layer_norm(input, normalized_shape, weight, bias, eps);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"LayerNorm({ShapeUtil.Format(normalized_shape)}, eps={eps}, elementwise_affine={weight != null})");
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.LayerNorm.html
        public static LayerNorm LayerNorm(int[] normalized_shape, float eps = 1e-5f, bool elementwise_affine = true, bool bias = true) =>
            new(normalized_shape, eps, elementwise_affine, bias);

        public static LayerNorm LayerNorm(int normalized_shape, float eps = 1e-5f, bool elementwise_affine = true, bool bias = true) =>
            new([normalized_shape], eps, elementwise_affine, bias);

        public static partial class functional
        {
            /// <summary>
            /// Normalises <paramref name="input"/> over its last <c>normalized_shape.Length</c> dims, which must equal
            /// <paramref name="normalized_shape"/>; then scales by <paramref name="weight"/> and shifts by
            /// <paramref name="bias"/> (both of that shape, optional). A composite of differentiable ops.
            /// </summary>
            public static Tensor layer_norm(Tensor input, int[] normalized_shape, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
            {
                CheckNormalizedShape(normalized_shape);
                int k = normalized_shape.Length, rank = input.Shape.Length;
                bool matches = rank >= k;
                for (int i = 0; matches && i < k; i++) matches = input.Shape[rank - k + i] == normalized_shape[i];
                if (!matches)
                    throw new ArgumentException($"layer_norm: normalized_shape {ShapeUtil.Format(normalized_shape)} does not match the trailing dims of an input of shape {ShapeUtil.Format(input.Shape)}");
                if (weight != null && !ShapeUtil.SameShape(weight.Shape, normalized_shape))
                    throw new ArgumentException($"layer_norm: weight has shape {ShapeUtil.Format(weight.Shape)}, expected {ShapeUtil.Format(normalized_shape)}");
                if (bias != null && !ShapeUtil.SameShape(bias.Shape, normalized_shape))
                    throw new ArgumentException($"layer_norm: bias has shape {ShapeUtil.Format(bias.Shape)}, expected {ShapeUtil.Format(normalized_shape)}");

                var dims = Enumerable.Range(rank - k, k).ToArray();
                var centred = input - input.mean(dims, keepdim: true);
                var variance = (centred * centred).mean(dims, keepdim: true);
                var y = centred / (variance + eps).sqrt();
                if (weight != null) y = y * weight;
                if (bias != null) y = y + bias;
                return y;
            }

            internal static void CheckNormalizedShape(int[] normalized_shape)
            {
                if (normalized_shape.Length == 0 || normalized_shape.Any(s => s <= 0))
                    throw new ArgumentException($"layer_norm: normalized_shape must be non-empty with positive sizes, got {ShapeUtil.Format(normalized_shape)}");
            }
        }
    }
}
