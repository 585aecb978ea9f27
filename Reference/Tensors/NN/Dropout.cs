#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors;

/// <summary>
/// Inverted dropout: in training mode each element is zeroed with probability <see cref="p"/> and the survivors are
/// scaled by 1/(1 − p), so the expectation is unchanged; in eval mode it is the identity. The mask is drawn from the
/// module's own <see cref="Generator"/>, one uniform per element.
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator _generator;

    public float p { get; }

    internal Dropout(float p, Generator generator)
    {
        torch.nn.functional.CheckDropoutP(p);
        this.p = p;
        _generator = generator;
    }

    public override Tensor forward(Tensor input) => torch.nn.functional.dropout(input, p, training, _generator);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Dropout(p={p})");
}

public static partial class torch
{
    public static partial class nn
    {
        // https://pytorch.org/docs/stable/generated/torch.nn.Dropout.html
        public static Dropout Dropout(float p, Generator generator) => new(p, generator);

        public static partial class functional
        {
            /// <summary>
            /// Inverted dropout. Returns <paramref name="input"/> itself when not <paramref name="training"/> or when
            /// p = 0 (no draws then); zeros when p = 1; otherwise input·mask with mask ∈ {0, 1/(1 − p)}, an element
            /// kept when its uniform draw u satisfies u &lt; 1 − p (as PyTorch's bernoulli(1 − p)).
            /// </summary>
            public static Tensor dropout(Tensor input, float p, bool training, Generator generator)
            {
                CheckDropoutP(p);
                if (!training || p == 0f) return input;
                if (p == 1f) return input * 0f;
                float keep = 1f - p, scale = 1f / keep;
                var mask = new float[input.numel()];
                for (int i = 0; i < mask.Length; i++) mask[i] = generator.NextFloat() < keep ? scale : 0f;
                return input * Tensor.FromArray(mask, input.shape);
            }

            internal static void CheckDropoutP(float p)
            {
                if (!(p >= 0f && p <= 1f))
                    throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
            }
        }
    }
}
