using Grader.Checks.Attention.Snapshots;
using Grader.Contracts.Attention;

namespace Grader.Checks.Attention;

/// <summary>
/// Sheet 001, ex. 2: every row of every head's attention weights is a probability distribution over the keys — each
/// weight ≥ 0, each row summing to 1, a masked key (padded, or after the query under the causal mask) at weight 0 —
/// on the approved snapshot's calls (self- and cross-attention, 1–4 heads, padding, causal masks). Tolerances: a weight
/// may fall below 0 and a row's sum miss 1 by twice their float32 bounds (<see cref="ExpectedAttention.WeightsBound"/>,
/// read from the snapshot); a masked weight may be at most <see cref="MaskedLimit"/>, the largest value
/// exp(score − fill) can take in float32 for a finite fill value below −70 relative to the scores (exp(−∞) and
/// exp(−10⁹) are exactly 0). The law earns credit only on calls whose output and weights are the reference's within
/// the tolerance of <see cref="OutputMatchesReference"/>: uniform weights over the open keys are distributions too.
/// </summary>
public sealed class WeightsAreDistributions(IAttentionCases cases) : AttentionCheck("attention.heidelberg.weights-are-distributions", cases)
{
    /// <summary>The largest weight a masked key may get.</summary>
    public const double MaskedLimit = 1e-30;

    /// <summary>The visible check: the approved snapshot's calls.</summary>
    public WeightsAreDistributions()
        : this(AttentionSnapshot.Approved)
    {
    }

    public override string SheetRef => "sheet 001, ex. 2: each head's weights are softmax(Q_h K_hᵀ/√d) over the keys, masked keys excluded";

    protected override CheckResult Check(HandinCall call, IMultiHeadAttention layer, IReadOnlyList<ExpectedAttention> cases)
    {
        foreach (var expected in cases.OrderBy(x => x.Case.Size))
        {
            if (Forward(call, layer, expected, out var output, out var weights) is { } bad) return bad;
            if (Violation(expected, output, weights) is { } violation)
                return call.Fail($"{violation} Case: {expected.Case}. Re-read {SheetRef}.", expected: "each row of weights a distribution over the open keys", seen: violation);
        }
        return CheckResult.Pass(Id, $"Each row of the attention weights is a distribution over the open keys on {cases.Count} calls.", SheetRef);
    }

    /// <summary>What is wrong with the weights the hand-in returned for <paramref name="expected"/>'s call, or null.</summary>
    private static string? Violation(ExpectedAttention expected, float[] output, float[] weights)
    {
        var c = expected.Case;
        var bound = expected.WeightsBound;
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

        // The law holds; it earns credit only where the layer computes the reference's values.
        for (int i = 0; i < output.Length; i++)
            if (!(Math.Abs(output[i] - expected.Output[i]) <= 2 * expected.OutputBound[i]))
                return string.Create(CultureInfo.InvariantCulture,
                    $"The weights are distributions, but output row {i / c.E % c.L} of batch element {i / (c.E * c.L)} is {output[i]:G6} in feature {i % c.E} where the reference gives {expected.Output[i]:G6}: a law earns credit only on calls where the layer's output and weights are the reference's.");
        for (int i = 0; i < weights.Length; i++)
            if (!(Math.Abs(weights[i] - expected.Weights[i]) <= 2 * bound[i] + MaskedLimit))
                return string.Create(CultureInfo.InvariantCulture,
                    $"The weights are distributions, but head {i / (c.S * c.L) % c.Heads} gives key {i % c.S} the weight {weights[i]:G6} for query {i / c.S % c.L} of batch element {i / (c.S * c.L * c.Heads)} where the reference gives {expected.Weights[i]:G6}: a law earns credit only on calls where the layer's output and weights are the reference's.");
        return null;
    }
}
