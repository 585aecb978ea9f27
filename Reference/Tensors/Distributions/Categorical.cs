#pragma warning disable IDE1006, CS8981
namespace Grader.Tensors.Distributions;

/// <summary>
/// A distribution over the classes 0..K−1 of the last dim of <see cref="probs"/> or <see cref="logits"/>
/// (torch.distributions.Categorical), batched over the other dims. As in PyTorch, probs are normalised to sum to 1,
/// logits to logsumexp 0, the other parameter is derived (logits = log of probs clamped to [ε, 1 − ε], probs =
/// softmax of logits), and values are class indices, stored as floats. log_prob refuses values outside the support.
/// </summary>
public sealed class Categorical : Distribution
{
    /// <summary>The class probabilities [..., K], each row summing to 1.</summary>
    public Tensor probs { get; }

    /// <summary>The normalised log-probabilities [..., K].</summary>
    public Tensor logits { get; }

    /// <summary>K, the number of classes.</summary>
    public int num_events { get; }

    internal Categorical(Tensor? probs, Tensor? logits) : base(BatchShape(probs, logits), [])
    {
        var parameter = (probs ?? logits)!;
        num_events = parameter.Shape[^1];
        if (probs is not null)
        {
            Require(probs, v => v >= 0 && float.IsFinite(v), "Categorical", "probs", "finite and non-negative");
            var total = probs.sum(-1, keepdim: true);
            Require(total, v => v > 0, "Categorical", "the sum of each row of probs", "positive");
            this.probs = probs / total;
            this.logits = this.probs.clamp(Eps32, 1f - Eps32).log();
        }
        else
        {
            Require(logits!, v => !float.IsNaN(v) && v != float.PositiveInfinity, "Categorical", "logits", "real numbers or −∞");
            Require(logits!.max(-1).values, float.IsFinite, "Categorical", "the largest logit of each row", "finite");
            this.logits = logits - logits.logsumexp(-1, keepdim: true);
            this.probs = this.logits.softmax(-1);
        }
    }

    private static int[] BatchShape(Tensor? probs, Tensor? logits)
    {
        if ((probs is null) == (logits is null)) throw new ArgumentException("Categorical: give either probs or logits, not both");
        var p = (probs ?? logits)!;
        if (p.dim() < 1 || p.Shape[^1] < 1)
            throw new ArgumentException($"Categorical: {(probs is null ? "logits" : "probs")} of shape {ShapeUtil.Format(p.Shape)} need a last dim of at least one class");
        return p.Shape[..^1];
    }

    private const float Eps32 = 1.1920929e-7f;

    /// <summary>Not defined for classes: NaN of batch_shape, as PyTorch.</summary>
    public override Tensor mean => torch.full(batch_shape, float.NaN);

    public override Tensor variance => torch.full(batch_shape, float.NaN);

    public override Tensor log_prob(Tensor value)
    {
        CheckValueShape(value, "log_prob");
        Require(value, v => v >= 0 && v < num_events && v == MathF.Floor(v), "Categorical.log_prob", "the value", $"a class index in 0..{num_events - 1}");
        var shape = ShapeUtil.Broadcast(value.Shape, batch_shape, "Categorical.log_prob");
        return logits.expand(shape.Append(num_events).ToArray()).gather(-1, value.expand(shape).unsqueeze(-1)).squeeze(-1);
    }

    public override Tensor entropy() => -(logits.clamp(min: float.MinValue) * probs).sum(-1);

    /// <summary>Class indices of shape sample_shape + batch_shape: one uniform draw per value, inverted through the row's cumulative probabilities in double.</summary>
    public override Tensor sample(Generator generator, params int[] sample_shape)
    {
        var shape = ExtendedShape(sample_shape, "sample");
        var p = probs.detach().reshape(-1, num_events).ToArray();
        int rows = p.Length / num_events;
        var result = new float[ShapeUtil.Numel(shape)];
        for (int i = 0; i < result.Length; i++)
        {
            int row = i % rows, k = 0;
            double total = 0;
            for (int j = 0; j < num_events; j++) total += p[row * num_events + j];
            double u = generator.NextDouble() * total, cumulative = 0;
            for (int j = 0; j < num_events; j++)
            {
                double pj = p[row * num_events + j];
                if (pj == 0) continue;
                k = j;
                cumulative += pj;
                if (u < cumulative) break;
            }
            result[i] = k;
        }
        return Tensor.FromArray(result, shape, "Categorical.sample");
    }

    public override string ToString() => $"Categorical(probs: {probs})";
}
