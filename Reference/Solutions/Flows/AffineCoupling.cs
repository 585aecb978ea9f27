using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Flows;

/// <summary>
/// The affine coupling of FrEIA's <c>AllInOneBlock</c> (<c>FrEIA/modules/all_in_one_block.py</c>, master since
/// Aug 2023): x [N, C] splits into the passive x₁ (the first C − ⌊C/2⌋ channels) and the active x₂ (the last ⌊C/2⌋);
/// the subnet maps x₁ to a [N, 2⌊C/2⌋], scaled by 0.1; its first half gives the log-scale, soft-clamped as
/// s = clamp·tanh(a_s/clamp), its second half the shift t; y = (x₁, x₂ ⊙ exp(s) + t) with log|det J| = Σ s per sample.
/// The inverse recomputes a from y₁ = x₁ and returns x₂ = (y₂ − t) ⊙ exp(−s), log|det J⁻¹| = −Σ s.
/// </summary>
public static class AffineCoupling
{
    /// <summary>FrEIA's default <c>affine_clamping</c>: |s| &lt; 2.</summary>
    public const double DefaultClamp = 2.0;

    /// <summary>FrEIA scales the whole subnet output by this before using it.</summary>
    public const float SubnetOutputScale = 0.1f;

    /// <summary>(passive, active) channel counts: (C − ⌊C/2⌋, ⌊C/2⌋); C = 3 gives [2 | 1].</summary>
    public static (int Passive, int Active) Split(int channels)
    {
        if (channels < 2) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a coupling block needs at least 2 channels");
        return (channels - channels / 2, channels / 2);
    }

    /// <summary>The soft clamp s = clamp·tanh(a/clamp): slope 1 at 0, |s| &lt; clamp.</summary>
    public static Tensor SoftClamp(Tensor a, double clamp) => (float)clamp * (a / (float)clamp).tanh();

    /// <summary>x [N, C] → (y [N, C], log|det ∂y/∂x| [N]).</summary>
    public static (Tensor Y, Tensor LogDet) Forward(Tensor x, Func<Tensor, Tensor> subnet, double clamp = DefaultClamp)
    {
        var (x1, x2, s, t) = Coefficients(x, subnet, clamp, "Forward");
        return (cat([x1, x2 * s.exp() + t], 1), s.sum(1));
    }

    /// <summary>y [N, C] → (x [N, C], log|det ∂x/∂y| [N]), the inverse of <see cref="Forward"/> for the same subnet and clamp.</summary>
    public static (Tensor X, Tensor LogDet) Inverse(Tensor y, Func<Tensor, Tensor> subnet, double clamp = DefaultClamp)
    {
        var (y1, y2, s, t) = Coefficients(y, subnet, clamp, "Inverse");
        return (cat([y1, (y2 - t) * (-s).exp()], 1), -s.sum(1));
    }

    private static (Tensor Passive, Tensor Active, Tensor S, Tensor T) Coefficients(Tensor x, Func<Tensor, Tensor> subnet, double clamp, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(subnet);
        if (!(clamp > 0) || !double.IsFinite(clamp)) throw new ArgumentOutOfRangeException(nameof(clamp), clamp, "the clamp must be positive and finite");
        if (x.dim() != 2) throw new ArgumentException($"AffineCoupling.{what}: input must be [N, C], got [{string.Join(", ", x.shape)}]");
        var (p, q) = Split(x.size(1));
        var passive = x.narrow(1, 0, p);
        var a = subnet(passive);
        if (a.dim() != 2 || a.size(0) != x.size(0) || a.size(1) != 2 * q)
            throw new ArgumentException($"AffineCoupling.{what}: the subnet must map [N, {p}] to [N, {2 * q}], it returned [{string.Join(", ", a.shape)}]");
        a = a * SubnetOutputScale;
        return (passive, x.narrow(1, p, q), SoftClamp(a.narrow(1, 0, q), clamp), a.narrow(1, q, q));
    }
}
