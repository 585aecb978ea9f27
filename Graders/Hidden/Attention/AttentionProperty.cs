using FsCheck;
using FsCheck.Fluent;
using Grader.Checks.Attention;
using Grader.Checks.Attention.Tolerance;
using Grader.Checks.Checking;
using Grader.Contracts.Attention;
using Grader.Tensors;

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
    /// The hand-in's output and weights with their bounds, and where they leave attention's
    /// (<see cref="AttentionCase.NotAttention"/>: a law reports it once the law itself holds, so a layer that satisfies
    /// the law without computing attention earns nothing); or the message why the call failed.
    /// </summary>
    public static (float[] Output, double[] OutputBound, float[] Weights, double[] WeightsBound, string? NotAttention)? Run(HandinCall call, IMultiHeadAttention layer, AttentionCase c, out string? problem)
    {
        if (c.Forward(call, layer, out var output, out var weights) is { } bad)
        {
            problem = bad.Message;
            return null;
        }
        problem = null;
        var exact = AttentionInDouble.Evaluate(c.InDouble());
        var notAttention = c.NotAttention(output, weights, exact);
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
