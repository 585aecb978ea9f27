using FsCheck;
using FsCheck.Fluent;
using Grader.Checks.Attention;
using Grader.Contracts.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// What the tutor's attention laws share: random calls from a seed (FsCheck draws the seed), the hand-in's Forward on
/// a call, and the comparison of two calls' outputs that a law says are equal, within the sum of their
/// <see cref="AttentionInDouble"/> bounds (each float32 evaluation lies within its own).
/// </summary>
internal static class AttentionProperty
{
    /// <summary>Calls of <paramref name="law"/>, each with a seed of its own for what the law changes.</summary>
    public static Arbitrary<RandomCall> Calls(AttentionCaseLaw law) =>
        (from seed in Gen.Choose(0, int.MaxValue)
         let g = new Generator(seed)
         select new RandomCall(law.Draw(g, "random"), g.NextUInt64())).ToArbitrary();

    /// <summary>
    /// A violation as a hidden check tells it: the rule it breaks, the text after its last ": " (the indices, rows and
    /// values before it depend on the drawn sizes and go to the tutor with the counterexample).
    /// </summary>
    public static string Rule(string? violation)
    {
        if (violation is null) return "a case that passes when run again";
        var colon = violation.LastIndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? violation : violation[(colon + 2)..].TrimEnd('.');
    }

    /// <summary>
    /// Where the hand-in's <paramref name="output"/> and <paramref name="weights"/> for the call <paramref name="c"/> leave multi-head
    /// attention's (<paramref name="exact"/>, in double), by more than twice their float32 bounds (the tolerance of
    /// <see cref="OutputMatchesReference"/>; a weight also within <see cref="WeightsAreDistributions.MaskedLimit"/>, since
    /// float32 exp underflows to 0 below ~1e-45), or null. A property check (equivariance, masking, independence) credits its law only on calls that compute attention: a layer that computes no attention at all
    /// satisfies the laws. The text after the last ": " is the rule, as a hidden check tells it. On a call whose scores
    /// overflow float32's exponential (<see cref="AttentionInDouble.ExactAttention.LargestLogSumExp"/> above <see cref="AttentionCase.OverflowScore"/>)
    /// the reason told is the overflow: a softmax without the row max gives weights 0 there (e^score / ∞), with finite values.
    /// </summary>
    public static string? NotAttention(AttentionCase c, float[] output, float[] weights, AttentionInDouble.ExactAttention exact)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(exact);
        var overflow = exact.LargestLogSumExp > AttentionCase.OverflowScore
            ? string.Create(CultureInfo.InvariantCulture,
                $"The call's output or weights are not attention's, and its scores Q_h·K_hᵀ/√d are so large that e^score or a row's Σ e^score exceeds float32's largest number (ln ≈ {AttentionCase.OverflowScore:F1}): softmax overflows for large logits (subtract the row max).")
            : null;
        for (int i = 0; i < output.Length; i++)
            if (!(Math.Abs(output[i] - exact.Output[i]) <= 2 * exact.OutputBound[i]))
                return overflow ?? string.Create(CultureInfo.InvariantCulture,
                    $"Output row {i / c.E % c.L} of batch element {i / (c.E * c.L)} is {output[i]:G6} in feature {i % c.E}, multi-head attention gives {exact.Output[i]:G6}: the law holds, but the call's output is not the layer's (softmax(Q_h K_hᵀ/√d)·V_h per head, joined and projected by W_o); a property earns credit only with the computation.");
        for (int i = 0; i < weights.Length; i++)
            if (!(Math.Abs(weights[i] - exact.Weights[i]) <= 2 * exact.WeightsBound[i] + WeightsAreDistributions.MaskedLimit))
                return overflow ?? string.Create(CultureInfo.InvariantCulture,
                    $"Head {i / (c.S * c.L) % c.Heads} gives key {i % c.S} the weight {weights[i]:G6} for query {i / c.S % c.L} of batch element {i / (c.S * c.L * c.Heads)}, attention gives {exact.Weights[i]:G6}: the law holds, but the weights returned are not the ones softmax(Q_h K_hᵀ/√d) gives; a property earns credit only with the computation.");
        return null;
    }

    /// <summary>
    /// The hand-in's output and weights with their bounds, and where they leave attention's
    /// (<see cref="NotAttention"/>: a law reports it once the law itself holds, so a layer that satisfies
    /// the law without computing attention earns nothing); or the message why the call failed.
    /// </summary>
    public static (float[] Output, double[] OutputBound, float[] Weights, double[] WeightsBound, string? NotAttention)? Run(HandinCall call, IMultiHeadAttention layer, AttentionCase c, out string? problem)
    {
        var exact = AttentionInDouble.Evaluate(c.InDouble());
        if (c.Forward(call, layer, exact.LargestScore, out var output, out var weights) is { } bad)
        {
            problem = bad.Message;
            return null;
        }
        problem = null;
        var notAttention = NotAttention(c, output, weights, exact);
        // A softmax without the row max on a call with large scores: the law may hold, the values are not attention's; say why.
        if (notAttention is not null && AttentionVariants.IsSoftmaxWithoutRowMax(c, output, weights, exact))
            notAttention = "The call's output is the layer's with the softmax taken as e^score / Σ e^score, which loses precision and then overflows (∞/∞ = NaN) " +
                "for large scores Q_h·K_hᵀ/√d: softmax overflows for large logits (subtract the row max).";
        return (output, exact.OutputBound, weights, exact.WeightsBound, notAttention);
    }
}

/// <summary>A random call and the seed of what a law changes in it.</summary>
internal sealed record RandomCall(AttentionCase Case, ulong ChangesSeed)
{
    public Generator Changes() => new(ChangesSeed);

    public override string ToString() => Case.ToString();
}
