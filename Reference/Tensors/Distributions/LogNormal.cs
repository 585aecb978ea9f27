#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors.Distributions;

/// <summary>
/// X = exp(Y) with Y ~ N(loc, scale²) (torch.distributions.LogNormal, PyTorch's transformed Normal): log_prob(x) =
/// Normal.log_prob(log x) − log x, cdf(x) = Normal.cdf(log x), icdf(p) = exp(Normal.icdf(p)), rsample = exp(Normal.rsample).
/// Values outside the support (x &lt; 0 for cdf, x ≤ 0 for log_prob) are refused, as PyTorch's validation does.
/// </summary>
public sealed class LogNormal : Distribution
{
    /// <summary>The normal distribution of log X.</summary>
    public Normal base_dist { get; }

    public Tensor loc => base_dist.loc;
    public Tensor scale => base_dist.scale;

    internal LogNormal(Tensor loc, Tensor scale) : this(new Normal(loc, scale, "LogNormal")) { }

    private LogNormal(Normal normal) : base(normal.batch_shape, []) => base_dist = normal;

    public override Tensor mean => (loc + scale.pow(2) / 2f).exp();
    public override Tensor variance => scale.pow(2).expm1() * (2f * loc + scale.pow(2)).exp();

    public override bool has_rsample => true;

    public override Tensor rsample(Generator generator, params int[] sample_shape) => base_dist.rsample(generator, sample_shape).exp();

    public override Tensor log_prob(Tensor value)
    {
        CheckValueShape(value, "log_prob");
        Require(value, v => v > 0, "LogNormal.log_prob", "the value", "in the support (0, ∞)");
        var x = value.log();
        return base_dist.log_prob(x) - x;
    }

    public override Tensor cdf(Tensor value)
    {
        CheckValueShape(value, "cdf");
        Require(value, v => v >= 0, "LogNormal.cdf", "the value", "in [0, ∞)");
        return base_dist.cdf(value.log());
    }

    public override Tensor icdf(Tensor value)
    {
        CheckValueShape(value, "icdf");
        return base_dist.icdf(value).exp();
    }

    public override Tensor entropy() => base_dist.entropy() + loc;

    public override string ToString() => $"LogNormal(loc: {loc}, scale: {scale})";
}
