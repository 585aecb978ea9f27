using Grader.Checks.Attention;
using Grader.Checks.Comparison;
using Grader.Reference.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// The reference's multi-head attention with one known bug each, the variants <see cref="OutputMatchesReference"/>
/// names: the scores scaled by 1/√E or not at all, the softmax over the queries, the mask applied after the softmax or
/// with the wrong sign, no output projection, the heads split or joined without moving the head axis, every head using
/// the first head's weights; and, for the property checks' large scores, the softmax without the row max. Also the reference's own answer, so the snapshot and the tutor's checks are made alike.
/// </summary>
public static class AttentionVariants
{
    /// <summary>The bugs, by the keys of <see cref="OutputMatchesReference"/>'s explanations.</summary>
    public static IReadOnlyList<string> Bugs { get; } =
    [
        "sqrt-model-dim", "no-scaling", "softmax-over-queries", "mask-after-softmax", "mask-wrong-sign",
        "no-output-projection", "heads-concatenated-wrong-order", "heads-split-wrong-order", "shared-head-weights",
    ];

    /// <summary>
    /// The softmax as e^score / Σ e^score, without subtracting the row max (imprecise, then ∞/∞ = NaN, for large scores).
    /// Not among <see cref="Bugs"/>: on the calls of the snapshots (scores of order one) it is attention, within the tolerance.
    /// </summary>
    public const string SoftmaxWithoutRowMax = "softmax-without-row-max";

    /// <summary>The reference's answer to <paramref name="c"/> with every variant's output, the bounds and the gradients (<see cref="AttentionInDouble"/>).</summary>
    public static ExpectedAttention Expected(AttentionCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var _ = no_grad();
        var w = c.Weights();
        var layer = new MultiHeadAttention(c.Heads, w.QueryWeight, w.KeyWeight, w.ValueWeight, w.OutputWeight, w.QueryBias, w.KeyBias, w.ValueBias, w.OutputBias);
        var result = layer.Forward(c.QueryTensor(), c.KeyTensor(), c.ValueTensor(), c.PaddingTensor(), c.Causal);
        var variants = Bugs.Select(bug => new Variant(bug, Output(c, bug))).Where(v => v.Values.All(float.IsFinite)).ToArray();
        var inputs = c.InDouble();
        var exact = AttentionInDouble.Evaluate(inputs);
        var gradients = AttentionInDouble.Backward(inputs, c.OutputGradient.Select(v => (double)v).ToArray());
        return new ExpectedAttention(c, result.Output.ToArray(), result.Weights.ToArray(), variants, exact.OutputBound, exact.WeightsBound, exact.LargestScore,
            AttentionInDouble.AttentionInputs.Names.Select(n => new ExpectedGradient(n, gradients.Values[n], gradients.Bounds[n])).ToArray());
    }

    /// <summary>The output of the layer with <paramref name="bug"/> put in.</summary>
    public static float[] Output(AttentionCase c, string bug) => Run(c, bug).Output;

    /// <summary>The output and the attention weights of the layer with <paramref name="bug"/> put in.</summary>
    public static (float[] Output, float[] Weights) Run(AttentionCase c, string bug)
    {
        ArgumentNullException.ThrowIfNull(c);
        using var _ = no_grad();
        int b = c.B, l = c.L, s = c.S, e = c.E, h = c.Heads, d = e / h;
        var w = c.Weights();
        Tensor Shared(Tensor weight) => bug == "shared-head-weights" ? Repeated(weight.slice(0, 0, d), h) : weight;
        Tensor SharedBias(Tensor bias) => bug == "shared-head-weights" ? cat(Enumerable.Repeat(bias.slice(0, 0, d), h).ToArray()) : bias;
        Tensor Split(Tensor x, int t) => bug == "heads-split-wrong-order" ? x.reshape(b, h, t, d) : x.reshape(b, t, h, d).permute(0, 2, 1, 3);

        var scale = bug switch { "sqrt-model-dim" => 1 / Math.Sqrt(e), "no-scaling" => 1.0, _ => 1 / Math.Sqrt(d) };
        var q = Split(nn.functional.linear(c.QueryTensor(), Shared(w.QueryWeight), SharedBias(w.QueryBias)), l) * (float)scale;
        var k = Split(nn.functional.linear(c.KeyTensor(), Shared(w.KeyWeight), SharedBias(w.KeyBias)), s);
        var v = Split(nn.functional.linear(c.ValueTensor(), Shared(w.ValueWeight), SharedBias(w.ValueBias)), s);
        var scores = q.matmul(k.transpose(-2, -1));
        var mask = AttentionMask.Combine(c.PaddingTensor(), c.Causal, b, l, s) ?? zeros(b, 1, l, s);
        var weights = bug switch
        {
            "mask-after-softmax" => scores.softmax(-1).masked_fill(mask, 0f),
            "mask-wrong-sign" => (scores + mask * 1e9f).softmax(-1),
            "softmax-over-queries" => scores.masked_fill(mask, float.NegativeInfinity).softmax(-2),
            SoftmaxWithoutRowMax => scores.exp().masked_fill(mask, 0f) is var powers ? powers / powers.sum(-1, keepdim: true) : null!,
            _ => scores.masked_fill(mask, float.NegativeInfinity).softmax(-1),
        };
        var heads = weights.matmul(v);
        var concat = bug == "heads-concatenated-wrong-order" ? heads.reshape(b, l, e) : heads.permute(0, 2, 1, 3).reshape(b, l, e);
        return ((bug == "no-output-projection" ? concat : nn.functional.linear(concat, w.OutputWeight, w.OutputBias)).ToArray(), weights.ToArray());
    }

    /// <summary>
    /// Whether the hand-in's output and weights are the layer's with the softmax taken without the row max (NaN where it
    /// is NaN, else within twice the float32 bound plus 1e-4 relative: two such softmaxes round e^score alike up to a few
    /// ulps), on a call where that differs from attention (else this call does not show the cause).
    /// </summary>
    public static bool IsSoftmaxWithoutRowMax(AttentionCase c, float[] output, float[] weights, AttentionInDouble.ExactAttention exact)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(exact);
        var naive = Run(c, SoftmaxWithoutRowMax);
        static bool Close(double a, double b, double bound) => double.IsNaN(b) ? double.IsNaN(a) : Math.Abs(a - b) <= 2 * bound + 1e-4 * Math.Abs(b);
        bool differs = Enumerable.Range(0, naive.Output.Length).Any(i => !Close(naive.Output[i], exact.Output[i], exact.OutputBound[i]))
                       || Enumerable.Range(0, naive.Weights.Length).Any(i => !Close(naive.Weights[i], exact.Weights[i], exact.WeightsBound[i]));
        return differs
               && Enumerable.Range(0, output.Length).All(i => Close(output[i], naive.Output[i], exact.OutputBound[i]))
               && Enumerable.Range(0, weights.Length).All(i => Close(weights[i], naive.Weights[i], exact.WeightsBound[i]));
    }

    /// <summary>[d, E] rows repeated <paramref name="times"/> times along the rows.</summary>
    private static Tensor Repeated(Tensor rows, int times) => cat(Enumerable.Repeat(rows, times).ToArray());
}
