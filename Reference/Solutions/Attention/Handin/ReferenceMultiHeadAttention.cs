using Grader.Contracts.Attention;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Attention.Handin;

/// <summary>
/// The reference as a hand-in of Heidelberg sheet 10 (2022/23), exercise 2: <see cref="MultiHeadAttention"/> built from
/// the given weights; <see cref="Backward"/> backpropagates Σ G ⊙ Output to fresh leaves of every input and parameter.
/// </summary>
public sealed class ReferenceMultiHeadAttention : IMultiHeadAttention
{
    public AttentionOutput Forward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal)
    {
        using var _ = no_grad();
        var result = Layer(weights).Forward(query, key, value, keyPaddingMask, causal);
        return new AttentionOutput(result.Output, result.Weights);
    }

    public AttentionGradients Backward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal, Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(outputGradient);
        using var _ = enable_grad();
        Tensor Leaf(Tensor t) => t.detach().clone().requires_grad_();
        var w = new MultiHeadAttentionWeights(weights.Heads,
            Leaf(weights.QueryWeight), Leaf(weights.KeyWeight), Leaf(weights.ValueWeight), Leaf(weights.OutputWeight),
            Leaf(weights.QueryBias), Leaf(weights.KeyBias), Leaf(weights.ValueBias), Leaf(weights.OutputBias));
        Tensor q = Leaf(query), k = Leaf(key), v = Leaf(value);
        var output = Layer(w).Forward(q, k, v, keyPaddingMask, causal).Output;
        if (!output.shape.SequenceEqual(outputGradient.shape))
            throw new ArgumentException($"The output gradient must be [{string.Join(", ", output.shape)}], got [{string.Join(", ", outputGradient.shape)}].", nameof(outputGradient));
        Tensor[] leaves = [q, k, v, w.QueryWeight, w.KeyWeight, w.ValueWeight, w.OutputWeight, w.QueryBias, w.KeyBias, w.ValueBias, w.OutputBias];
        var g = autograd.grad([(output * outputGradient.detach()).sum()], leaves, allow_unused: true)
            .Select((gi, i) => gi ?? zeros_like(leaves[i])).ToArray();
        return new AttentionGradients(g[0], g[1], g[2], new MultiHeadAttentionWeights(weights.Heads, g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10]));
    }

    private static MultiHeadAttention Layer(MultiHeadAttentionWeights w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new MultiHeadAttention(w.Heads, w.QueryWeight, w.KeyWeight, w.ValueWeight, w.OutputWeight,
            w.QueryBias, w.KeyBias, w.ValueBias, w.OutputBias);
    }
}
