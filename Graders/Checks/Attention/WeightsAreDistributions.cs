using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Grader.Checks.Attention.Tolerance;
using Grader.Checks.Checking;
using Grader.Checks.Properties;
using Grader.Checks.Results;
using Grader.Contracts.Attention;
using Grader.Tensors;

namespace Grader.Checks.Attention;

/// <summary>
/// Sheet 001, ex. 2: every row of every head's attention weights is a probability distribution over the keys — each
/// weight ≥ 0, each row summing to 1, a masked key (padded, or after the query under the causal mask) at weight 0 —
/// on random calls (FsCheck; <see cref="Law"/>). Tolerances: a weight may fall below 0 and a row's sum miss 1 by twice
/// their <see cref="AttentionInDouble"/> bounds; a masked weight may be at most <see cref="MaskedLimit"/>, the largest
/// value exp(score − fill) can take in float32 for a finite fill value below −70 relative to the scores (exp(−∞) and
/// exp(−10⁹) are exactly 0). The law earns credit only on calls whose output and weights are attention's
/// (<see cref="AttentionCase.NotAttention"/>): uniform weights over the open keys are distributions too.
/// </summary>
public sealed class WeightsAreDistributions : ICheck
{
    /// <summary>The largest weight a masked key may get.</summary>
    public const double MaskedLimit = 1e-30;

    /// <summary>The calls: B ≤ 2, L, S ≤ 5, 1, 2 or 4 heads of size ≤ 3, masks and biases by coin.</summary>
    public static AttentionCaseLaw Law { get; } = new(MaxBatch: 2, MaxQueries: 5, MinKeys: 1, MaxKeys: 5, Heads: [1, 2, 4], MaxHeadDim: 3);

    public string Id => "attention.heidelberg.weights-are-distributions";

    public string SheetRef => "sheet 001, ex. 2: each head's weights are softmax(Q_h K_hᵀ/√d) over the keys, masked keys excluded";

    public CheckResult Run(CheckContext context)
    {
        var call = new HandinCall(Id, SheetRef);
        if (call.Resolve<IMultiHeadAttention>(context, out var layer) is { } unresolved) return unresolved;
        var cases = (from seed in Gen.Choose(0, int.MaxValue) select Law.Draw(new Generator(seed), "random")).ToArbitrary();
        return PropertyRunner.Check(
            new PropertyRunner.Settings(Id, SheetRef, "Each row of the attention weights is a distribution over the open keys", context.Seed, MaxTest: 40),
            cases,
            c => Violation(call, layer, c) is null,
            c => Violation(call, layer, c) ?? "",
            c => c.Causal ? "causal" : c.Padding.Any(p => p == 1f) ? "padded" : "unmasked");
    }

    /// <summary>What is wrong with the weights the hand-in returns for <paramref name="c"/>, or null.</summary>
    private static string? Violation(HandinCall call, IMultiHeadAttention layer, AttentionCase c)
    {
        if (c.Forward(call, layer, out var output, out var weights) is { } bad) return bad.Message;
        var exact = AttentionInDouble.Evaluate(c.InDouble());
        var bound = exact.WeightsBound;
        for (int b = 0; b < c.B; b++)
            for (int h = 0; h < c.Heads; h++)
                for (int i = 0; i < c.L; i++)
                {
                    int row = ((b * c.Heads + h) * c.L + i) * c.S;
                    double sum = 0, tolerance = 0;
                    for (int j = 0; j < c.S; j++)
                    {
                        var w = weights[row + j];
                        if (c.Masked(b, i, j) && Math.Abs(w) > MaskedLimit)
                            return string.Create(CultureInfo.InvariantCulture,
                                $"Key {j} is masked for query {i} of batch element {b} ({(c.Padding[b * c.S + j] == 1f ? "padded" : "after the query under the causal mask")}), but head {h} gives it weight {w:G6}; a masked key gets weight 0.");
                        if (w < -2 * bound[row + j])
                            return string.Create(CultureInfo.InvariantCulture, $"Head {h} gives key {j} the negative weight {w:G6} for query {i} of batch element {b}; attention weights are ≥ 0.");
                        sum += w;
                        tolerance += 2 * bound[row + j];
                    }
                    if (!(Math.Abs(sum - 1) <= tolerance + c.S * MaskedLimit))
                        return string.Create(CultureInfo.InvariantCulture,
                            $"The weights of query {i} over the keys in head {h} of batch element {b} sum to {sum:G6}, not 1 (tolerance {tolerance:G2}): each query's weights are a softmax over its keys.");
                }
        return c.NotAttention(output, weights, exact);
    }
}
