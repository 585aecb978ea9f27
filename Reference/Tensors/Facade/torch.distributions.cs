#pragma warning disable IDE1006, CS8981
using Grader.Tensors.Distributions;

namespace Grader.Tensors;

public static partial class torch
{
    /// <summary>torch.distributions: the factories of <see cref="Distributions"/>' types, named as PyTorch's.</summary>
    public static partial class distributions
    {
        /// <summary>A categorical distribution from <paramref name="probs"/> (non-negative, normalised here) or <paramref name="logits"/> (unnormalised log-probabilities); give exactly one.</summary>
        // https://pytorch.org/docs/stable/distributions.html#categorical
        public static Categorical Categorical(Tensor? probs = null, Tensor? logits = null) => new(probs, logits);

        /// <summary>
        /// KL(p ‖ q) in closed form for the pairs PyTorch registers and the families here use: Normal–Normal (the VAE's
        /// KL term), Laplace–Laplace and Categorical–Categorical; differentiable in both sides' parameters. Other pairs
        /// throw a <see cref="NotSupportedException"/> naming them.
        /// </summary>
        // https://pytorch.org/docs/stable/distributions.html#module-torch.distributions.kl
        public static Tensor kl_divergence(Distribution p, Distribution q)
        {
            switch (p, q)
            {
                case (Normal a, Normal b):
                {
                    var varianceRatio = (a.scale / b.scale).pow(2);
                    var t1 = ((a.loc - b.loc) / b.scale).pow(2);
                    return 0.5f * (varianceRatio + t1 - 1f - varianceRatio.log());
                }
                case (Laplace a, Laplace b):
                {
                    var scaleRatio = a.scale / b.scale;
                    var locDistance = (a.loc - b.loc).abs();
                    return -scaleRatio.log() + locDistance / b.scale + scaleRatio * (-locDistance / a.scale).exp() - 1f;
                }
                case (Categorical a, Categorical b):
                {
                    if (a.num_events != b.num_events)
                        throw new ArgumentException($"kl_divergence: categorical distributions over {a.num_events} and {b.num_events} classes");
                    // p·(log p − log q), with 0·log 0 = 0 and +∞ where q has no mass but p has.
                    var t = a.probs * (a.logits - b.logits);
                    var infinite = a.probs.gt(0f) * b.probs.eq(torch.zeros_like(b.probs));
                    t = where(infinite, full_like(t, float.PositiveInfinity), where(a.probs.gt(0f), t, zeros_like(t)));
                    return t.sum(-1);
                }
                default:
                    throw new NotSupportedException($"kl_divergence({p.GetType().Name}, {q.GetType().Name}) has no closed form here (Normal–Normal, Laplace–Laplace and Categorical–Categorical do)");
            }
        }

        // https://pytorch.org/docs/stable/distributions.html#laplace
        public static Laplace Laplace(Tensor loc, Tensor scale) => new(loc, scale);

        public static Laplace Laplace(float loc, float scale) => new(scalar(loc), scalar(scale));

        // https://pytorch.org/docs/stable/distributions.html#lognormal
        public static LogNormal LogNormal(Tensor loc, Tensor scale) => new(loc, scale);

        public static LogNormal LogNormal(float loc, float scale) => new(scalar(loc), scalar(scale));

        // https://pytorch.org/docs/stable/distributions.html#mixturesamefamily
        public static MixtureSameFamily MixtureSameFamily(Categorical mixture_distribution, Distribution component_distribution) =>
            new(mixture_distribution, component_distribution);

        // https://pytorch.org/docs/stable/distributions.html#normal
        public static Normal Normal(Tensor loc, Tensor scale) => new(loc, scale);

        public static Normal Normal(float loc, float scale) => new(scalar(loc), scalar(scale));
    }
}
