using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Flows;

/// <summary>
/// FrEIA's <c>AllInOneBlock</c> without condition, GIN or Householder options: the <see cref="AffineCoupling"/>, then
/// the global affine ("ActNorm") u ↦ u ⊙ g + b with g = 0.1·softplus_β=0.5(γ) (γ initialised so that g = 1, b = 0),
/// then the fixed mixing y = (u ⊙ g + b)·Wᵀ of <see cref="BlockPermutation"/>.
/// log|det J| = Σ s + Σ ln g per sample; the inverse undoes the three steps in reverse order.
/// Registered as FrEIA names them: <c>global_scale</c>, <c>global_offset</c> (parameters), <c>w_perm</c> (buffer), <c>subnet</c>.
/// </summary>
public sealed class AllInOneBlock : Module<Tensor, (Tensor Y, Tensor LogDet)>
{
    /// <param name="channels">C, the number of features.</param>
    /// <param name="generator">Draws the subnet's initial weights, then the permutation.</param>
    /// <param name="subnet">Builds the subnet (default: the notebook's 512-wide <see cref="Subnets.Fc"/>).</param>
    /// <param name="clamp">FrEIA's <c>affine_clamping</c>.</param>
    /// <param name="permutation">Hard permutation or soft rotation.</param>
    public AllInOneBlock(int channels, Generator generator, SubnetConstructor? subnet = null, double clamp = AffineCoupling.DefaultClamp,
        PermutationKind permutation = PermutationKind.Soft)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var (p, q) = AffineCoupling.Split(channels);
        if (!(clamp > 0) || !double.IsFinite(clamp)) throw new ArgumentOutOfRangeException(nameof(clamp), clamp, "the clamp must be positive and finite");
        Channels = channels;
        Clamp = clamp;
        // γ₀ = 2·ln(e^(0.5·10·1) − 1), so that 0.1·softplus_0.5(γ₀) = 1 (FrEIA, global_affine_init = 1, SOFTPLUS).
        float gamma0 = (float)(2 * Math.Log(Math.Exp(5.0) - 1));
        global_scale = register_parameter("global_scale", full([channels], gamma0));
        global_offset = register_parameter("global_offset", zeros(channels));
        var net = (subnet ?? Subnets.Fc())(p, 2 * q, generator);
        w_perm = register_buffer("w_perm", permutation == PermutationKind.Soft ? BlockPermutation.Soft(channels, generator) : BlockPermutation.Hard(channels, generator));
        this.subnet = register_module("subnet", net);
    }

    public int Channels { get; }
    public double Clamp { get; }

#pragma warning disable IDE1006 // PyTorch/FrEIA names
    public Tensor global_scale { get; }
    public Tensor global_offset { get; }
    public Tensor w_perm { get; }
    public Module<Tensor, Tensor> subnet { get; }
#pragma warning restore IDE1006

    /// <summary>The per-channel scale g = 0.1·softplus_β=0.5(γ) = 0.2·ln(1 + e^(γ/2)) (&gt; 0).</summary>
    public Tensor GlobalScale() => 0.1f * global_scale.softplus(beta: 0.5f);

    /// <summary>x [N, C] → (y, log|det ∂y/∂x| [N]).</summary>
    public override (Tensor Y, Tensor LogDet) forward(Tensor x)
    {
        var (u, logDet) = AffineCoupling.Forward(x, subnet.forward, Clamp);
        var g = GlobalScale();
        return ((u * g + global_offset).matmul(w_perm.t()), logDet + g.log().sum());
    }

    /// <summary>y [N, C] → (x, log|det ∂x/∂y| [N]).</summary>
    public (Tensor X, Tensor LogDet) Inverse(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        var g = GlobalScale();
        var u = (y.matmul(w_perm) - global_offset) / g;
        var (x, logDet) = AffineCoupling.Inverse(u, subnet.forward, Clamp);
        return (x, logDet - g.log().sum());
    }
}
