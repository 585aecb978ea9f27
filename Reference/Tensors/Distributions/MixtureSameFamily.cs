#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors.Distributions;

/// <summary>
/// A mixture of K components of one family (torch.distributions.MixtureSameFamily): the last batch dim of
/// <see cref="component_distribution"/> indexes the components, <see cref="mixture_distribution"/> weighs them.
/// log_prob = logsumexp_k(log π_k + log p_k(x)), cdf = Σ π_k F_k(x), mean and variance by the laws of total
/// expectation and variance; sample draws the component first, then every component, and picks (no rsample, as in
/// PyTorch). The batch shape is the component's without its last dim.
/// </summary>
public sealed class MixtureSameFamily : Distribution
{
    public Categorical mixture_distribution { get; }
    public Distribution component_distribution { get; }

    internal MixtureSameFamily(Categorical mixture, Distribution component) : base(BatchShape(mixture, component), component.event_shape)
    {
        mixture_distribution = mixture;
        component_distribution = component;
    }

    private static int[] BatchShape(Categorical mixture, Distribution component)
    {
        var cbs = component.batch_shape;
        if (cbs.Length == 0)
            throw new ArgumentException("MixtureSameFamily: the component distribution needs a batch dim that indexes the components (its batch shape is [])");
        if (component.event_shape.Length != 0)
            throw new ArgumentException($"MixtureSameFamily: components with event shape {ShapeUtil.Format(component.event_shape)} are not supported (univariate only)");
        var cdbs = cbs[..^1];
        var mdbs = mixture.batch_shape;
        for (int i = 1; i <= Math.Min(mdbs.Length, cdbs.Length); i++)
            if (mdbs[^i] != 1 && cdbs[^i] != 1 && mdbs[^i] != cdbs[^i])
                throw new ArgumentException($"MixtureSameFamily: the mixture's batch shape {ShapeUtil.Format(mdbs)} is not compatible with the components' {ShapeUtil.Format(cdbs)}");
        if (mixture.num_events != cbs[^1])
            throw new ArgumentException($"MixtureSameFamily: the mixture has {mixture.num_events} components, the component distribution's last batch dim {cbs[^1]}");
        return cdbs;
    }

    public override Tensor mean => (mixture_distribution.probs * component_distribution.mean).sum(-1);

    public override Tensor variance
    {
        get
        {
            var p = mixture_distribution.probs;
            var meanOfVariances = (p * component_distribution.variance).sum(-1);
            var varianceOfMeans = (p * (component_distribution.mean - mean.unsqueeze(-1)).pow(2)).sum(-1);
            return meanOfVariances + varianceOfMeans;
        }
    }

    public override Tensor log_prob(Tensor value)
    {
        CheckValueShape(value, "log_prob");
        var perComponent = component_distribution.log_prob(value.unsqueeze(-1));
        return (perComponent + mixture_distribution.logits.log_softmax(-1)).logsumexp(-1);
    }

    public override Tensor cdf(Tensor value)
    {
        CheckValueShape(value, "cdf");
        return (component_distribution.cdf(value.unsqueeze(-1)) * mixture_distribution.probs).sum(-1);
    }

    public override Tensor sample(Generator generator, params int[] sample_shape)
    {
        var shape = ExtendedShape(sample_shape, "sample");
        using (torch.no_grad())
        {
            var which = mixture_distribution.sample(generator, sample_shape);            // sample_shape + mixture batch
            var all = component_distribution.sample(generator, sample_shape);           // sample_shape + batch + [K]
            return all.gather(-1, which.expand(shape).unsqueeze(-1)).squeeze(-1);
        }
    }

    public override string ToString() => $"MixtureSameFamily({mixture_distribution}, {component_distribution})";
}
