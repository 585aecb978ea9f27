#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors.Distributions;

/// <summary>
/// The normal distribution N(loc, scale²) (torch.distributions.Normal), batched over the broadcast shape of loc and
/// scale. Formulas and their order of operations are PyTorch's: rsample = loc + ε·scale with ε ~ N(0, 1),
/// cdf = ½(1 + erf((x − loc)/(scale·√2))), icdf = loc + scale·erfinv(2p − 1)·√2.
/// </summary>
public sealed class Normal : Distribution
{
    public Tensor loc { get; }
    public Tensor scale { get; }

    /// <param name="owner">The distribution named in errors (LogNormal builds its Normal here).</param>
    internal Normal(Tensor loc, Tensor scale, string owner = "Normal") : base(ShapeUtil.Broadcast(loc.Shape, scale.Shape, owner), [])
    {
        Require(loc, v => !float.IsNaN(v), owner, "loc", "a real number");
        Require(scale, v => v > 0, owner, "scale", "positive");
        this.loc = loc.expand(batch_shape);
        this.scale = scale.expand(batch_shape);
    }

    public override Tensor mean => loc;
    public override Tensor stddev => scale;
    public override Tensor variance => scale.pow(2);

    public override bool has_rsample => true;

    public override Tensor rsample(Generator generator, params int[] sample_shape) =>
        loc + torch.randn(ExtendedShape(sample_shape, "rsample"), generator) * scale;

    public override Tensor log_prob(Tensor value)
    {
        CheckValueShape(value, "log_prob");
        var variance = scale.pow(2);
        return -(value - loc).pow(2) / (2f * variance) - scale.log() - LogSqrtTwoPi;
    }

    public override Tensor cdf(Tensor value)
    {
        CheckValueShape(value, "cdf");
        return 0.5f * (1f + ((value - loc) * (1f / scale) / Sqrt2).erf());
    }

    public override Tensor icdf(Tensor value)
    {
        CheckValueShape(value, "icdf");
        return loc + scale * (2f * value - 1f).erfinv() * Sqrt2;
    }

    public override Tensor entropy() => HalfPlusLogSqrtTwoPi + scale.log();

    internal const float Sqrt2 = 1.4142135623730951f;
    internal const float LogSqrtTwoPi = 0.9189385332046727f;          // log √(2π)
    internal const float HalfPlusLogSqrtTwoPi = 1.4189385332046727f;  // ½ + ½ log 2π, summed in double as PyTorch does

    public override string ToString() => $"Normal(loc: {loc}, scale: {scale})";
}
