using System;
using System.Linq;
using Grader.Contracts.Attention;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 001, exercise 2: multi-head attention (Vaswani et al. 2017, §3.2.2). Each head h takes features
/// h·d … (h+1)·d − 1 of the projected queries, keys and values (d = E/H), attends with softmax(Q_h K_hᵀ/√d) over the
/// keys (masked keys at −∞), and the heads' outputs are concatenated and projected by W_o.
/// </summary>
public sealed class MultiHeadAttention : IMultiHeadAttention
{
    public AttentionOutput Forward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal)
    {
        using var _ = no_grad();
        var (output, attention) = Attend(weights, query, key, value, keyPaddingMask, causal);
        return new AttentionOutput(output, attention);
    }

    public AttentionGradients Backward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal, Tensor outputGradient)
    {
        using var _ = enable_grad();
        Tensor Leaf(Tensor t) => t.detach().clone().requires_grad_();
        var w = new MultiHeadAttentionWeights(weights.Heads,
            Leaf(weights.QueryWeight), Leaf(weights.KeyWeight), Leaf(weights.ValueWeight), Leaf(weights.OutputWeight),
            Leaf(weights.QueryBias), Leaf(weights.KeyBias), Leaf(weights.ValueBias), Leaf(weights.OutputBias));
        Tensor q = Leaf(query), k = Leaf(key), v = Leaf(value);
        var (output, _) = Attend(w, q, k, v, keyPaddingMask, causal);
        Tensor[] leaves = [q, k, v, w.QueryWeight, w.KeyWeight, w.ValueWeight, w.OutputWeight, w.QueryBias, w.KeyBias, w.ValueBias, w.OutputBias];
        var g = autograd.grad([(output * outputGradient).sum()], leaves, allow_unused: true)
            .Select((gi, i) => gi ?? zeros_like(leaves[i])).ToArray();
        return new AttentionGradients(g[0], g[1], g[2], new MultiHeadAttentionWeights(weights.Heads, g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10]));
    }

    private static (Tensor Output, Tensor Attention) Attend(MultiHeadAttentionWeights w, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal)
    {
        int b = query.size(0), l = query.size(1), s = key.size(1), e = query.size(2), h = w.Heads, d = e / h;

        // [B, T, E] → [B, H, T, d]
        Tensor Split(Tensor x, int length) => x.reshape(b, length, h, d).transpose(1, 2);

        var q = Split(nn.functional.linear(query, w.QueryWeight, w.QueryBias), l);
        var k = Split(nn.functional.linear(key, w.KeyWeight, w.KeyBias), s);
        var v = Split(nn.functional.linear(value, w.ValueWeight, w.ValueBias), s);

        var scores = q.matmul(k.transpose(-2, -1)) / MathF.Sqrt(d);           // [B, H, L, S]
        var mask = keyPaddingMask.reshape(b, 1, 1, s);
        if (causal) mask = maximum(mask, triu(ones(l, s), 1));                 // key j > query i is masked
        var masked = scores.masked_fill(mask, float.NegativeInfinity);
        // softmax by hand, shifted by the row's largest score (a constant per row: its gradient cancels, so detached)
        var exponentials = (masked - masked.amax([-1], keepdim: true).detach()).exp();
        var attention = exponentials / exponentials.sum(-1, keepdim: true);

        var heads = attention.matmul(v).transpose(1, 2).reshape(b, l, e);      // [B, L, H·d]
        return (nn.functional.linear(heads, w.OutputWeight, w.OutputBias), attention);
    }
}
