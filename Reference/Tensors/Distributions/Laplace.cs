#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors.Distributions;

/// <summary>
/// The Laplace distribution with density e^{−|x − loc|/scale}/(2·scale) (torch.distributions.Laplace), batched over the
/// broadcast shape of loc and scale. rsample = loc + scale·ε with ε a standard Laplace draw (the generator's
/// inverse-CDF draw, the same values as torch.laplace); cdf and icdf use expm1 and log1p as PyTorch does.
/// </summary>
public sealed class Laplace : Distribution
{
    public Tensor loc { get; }
    public Tensor scale { get; }

    internal Laplace(Tensor loc, Tensor scale) : base(ShapeUtil.Broadcast(loc.Shape, scale.Shape, "Laplace"), [])
    {
        Require(loc, v => !float.IsNaN(v), "Laplace", "loc", "a real number");
        Require(scale, v => v > 0, "Laplace", "scale", "positive");
        this.loc = loc.expand(batch_shape);
        this.scale = scale.expand(batch_shape);
    }

    public override Tensor mean => loc;
    public override Tensor variance => 2f * scale.pow(2);
    public override Tensor stddev => Sqrt2 * scale;

    public override bool has_rsample => true;

    public override Tensor rsample(Generator generator, params int[] sample_shape) =>
        loc + scale * torch.laplace(ExtendedShape(sample_shape, "rsample"), generator);

    public override Tensor log_prob(Tensor value)
    {
        CheckValueShape(value, "log_prob");
        return -(2f * scale).log() - (value - loc).abs() / scale;
    }

    public override Tensor cdf(Tensor value)
    {
        CheckValueShape(value, "cdf");
        var d = value - loc;
        return 0.5f - 0.5f * d.sign() * (-d.abs() / scale).expm1();
    }

    public override Tensor icdf(Tensor value)
    {
        CheckValueShape(value, "icdf");
        var term = value - 0.5f;
        return loc - scale * term.sign() * (-2f * term.abs()).log1p();
    }

    public override Tensor entropy() => 1f + (2f * scale).log();

    private const float Sqrt2 = 1.4142135623730951f;

    public override string ToString() => $"Laplace(loc: {loc}, scale: {scale})";
}
