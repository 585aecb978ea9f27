#pragma warning disable IDE1006, CS8981 // PyTorch's names (log_prob, batch_shape, …) are the point of this API.
namespace Grader.Tensors.Distributions;

/// <summary>
/// A batch of probability distributions, as torch.distributions.Distribution: <see cref="batch_shape"/> independent
/// distributions whose values have <see cref="event_shape"/>. Draws come from a <see cref="Generator"/> passed to
/// each call (no global state); <see cref="rsample"/> is differentiable in the parameters (reparametrised),
/// <see cref="sample"/> gives the same values without a graph. What PyTorch leaves undefined for a distribution
/// (a Categorical's cdf, a mixture's rsample) throws a <see cref="NotSupportedException"/> naming it.
/// </summary>
public abstract class Distribution
{
    private readonly int[] _batchShape, _eventShape;

    protected Distribution(int[] batchShape, int[] eventShape)
    {
        _batchShape = (int[])batchShape.Clone();
        _eventShape = (int[])eventShape.Clone();
    }

    /// <summary>The shape of the batch of distributions (the parameters' broadcast shape).</summary>
    public int[] batch_shape => (int[])_batchShape.Clone();

    /// <summary>The shape of one value (empty for every distribution here: they are univariate or categorical).</summary>
    public int[] event_shape => (int[])_eventShape.Clone();

    public abstract Tensor mean { get; }
    public abstract Tensor variance { get; }
    public virtual Tensor stddev => variance.sqrt();

    /// <summary>log p(value); the value broadcasts against batch_shape + event_shape.</summary>
    public abstract Tensor log_prob(Tensor value);

    /// <summary>P(X ≤ value).</summary>
    public virtual Tensor cdf(Tensor value) => throw Undefined("cdf");

    /// <summary>The inverse of <see cref="cdf"/> at probabilities in [0, 1].</summary>
    public virtual Tensor icdf(Tensor value) => throw Undefined("icdf");

    public virtual Tensor entropy() => throw Undefined("entropy");

    /// <summary>True when <see cref="rsample"/> is defined (draws are a differentiable function of the parameters).</summary>
    public virtual bool has_rsample => false;

    /// <summary>Reparametrised draws of shape sample_shape + batch_shape + event_shape, differentiable in the parameters.</summary>
    public virtual Tensor rsample(Generator generator, params int[] sample_shape) => throw Undefined("rsample");

    /// <summary>Draws of shape sample_shape + batch_shape + event_shape, without gradient (for a reparametrisable distribution: rsample's values).</summary>
    public virtual Tensor sample(Generator generator, params int[] sample_shape)
    {
        using (torch.no_grad()) return rsample(generator, sample_shape).detach();
    }

    /// <summary>sample_shape + batch_shape + event_shape, checked.</summary>
    protected int[] ExtendedShape(int[] sampleShape, string op)
    {
        var shape = sampleShape.Concat(_batchShape).Concat(_eventShape).ToArray();
        ShapeUtil.Numel(shape, $"{GetType().Name}.{op}");
        return shape;
    }

    /// <summary>Refuses a value whose shape does not broadcast with batch_shape + event_shape.</summary>
    protected void CheckValueShape(Tensor value, string op)
    {
        var target = _batchShape.Concat(_eventShape).ToArray();
        try { ShapeUtil.Broadcast(value.Shape, target, op); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{GetType().Name}.{op}: a value of shape {ShapeUtil.Format(value.Shape)} does not broadcast with the batch shape {ShapeUtil.Format(target)}");
        }
    }

    /// <summary>Refuses parameter values for which <paramref name="ok"/> is false, naming the parameter and the first bad value.</summary>
    internal static void Require(Tensor parameter, Func<float, bool> ok, string distribution, string name, string constraint)
    {
        var values = parameter.Span;
        for (int i = 0; i < values.Length; i++)
            if (!ok(values[i]))
                throw new ArgumentException($"{distribution}: {name} must be {constraint}; it holds {values[i]} at position {i}");
    }

    private NotSupportedException Undefined(string what) =>
        new($"{GetType().Name}.{what} is not defined (PyTorch does not define it for this distribution either)");
}
