using Grader.Checks.Attention;
using Grader.Contracts.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// Sheet 001, ex. 2 (task 001/2/multi-head-attention), the symmetries of attention without a causal mask, on random
/// calls (FsCheck): permuting the queries permutes the output rows the same way; permuting the key/value pairs together
/// (with their padding) leaves the output unchanged. Equal up to the sum of the two calls' float32 bounds, so a correct layer never fails.
/// Power: a layer that splits the projections into heads, or joins the heads, by reshaping across the sequence axis
/// mixes positions, which breaks the first law whenever L ≥ 2 and H ≥ 2. The laws earn credit only on calls whose output
/// and weights are attention's (<see cref="AttentionProperty.NotAttention"/>): a layer that computes no attention (each
/// query's output the mean of the projected values) is equivariant too.
/// </summary>
public sealed class PermutationEquivariance() : AttentionLawCheck(
    "attention.heidelberg.permutation-equivariance",
    FreshAttentionCases.Law with { Causal = false },
    "Permuting the queries permutes the output; permuting key/value pairs together changes nothing")
{
    private protected override string? Violation(HandinCall call, IMultiHeadAttention layer, RandomCall random)
    {
        var c = random.Case;
        var g = random.Changes();
        var queries = g.Permutation(c.L);
        var keys = g.Permutation(c.S);
        if (AttentionProperty.Run(call, layer, c, out var problem) is not { } original) return problem;

        var byQueries = c with { Query = Rows(c.Query, c.B, c.L, c.E, queries) };
        if (AttentionProperty.Run(call, layer, byQueries, out problem) is not { } permuted) return problem;
        for (int b = 0; b < c.B; b++)
            for (int i = 0; i < c.L; i++)
                for (int f = 0; f < c.E; f++)
                {
                    int at = (b * c.L + i) * c.E + f, from = (b * c.L + queries[i]) * c.E + f;
                    if (!(Math.Abs(permuted.Output[at] - original.Output[from]) <= permuted.OutputBound[at] + original.OutputBound[from]))
                        return string.Create(CultureInfo.InvariantCulture,
                            $"With the queries reordered ({Order(queries)}), output row {i} of batch element {b} should be the former row {queries[i]}, but feature {f} is {permuted.Output[at]:G6} instead of {original.Output[from]:G6}: the layer mixes sequence positions (check how the heads are split and joined).");
                }

        var byKeys = c with
        {
            Key = Rows(c.Key, c.B, c.S, c.E, keys),
            Value = Rows(c.Value, c.B, c.S, c.E, keys),
            Padding = Rows(c.Padding, c.B, c.S, 1, keys),
        };
        if (AttentionProperty.Run(call, layer, byKeys, out problem) is not { } reordered) return problem;
        for (int i = 0; i < original.Output.Length; i++)
            if (!(Math.Abs(reordered.Output[i] - original.Output[i]) <= reordered.OutputBound[i] + original.OutputBound[i]))
                return string.Create(CultureInfo.InvariantCulture,
                    $"With the key/value pairs reordered together ({Order(keys)}), output row {i / c.E % c.L} of batch element {i / (c.E * c.L)} changed ({original.Output[i]:G6} → {reordered.Output[i]:G6} in feature {i % c.E}): each query attends to a set of pairs, their order must not matter.");
        return original.NotAttention ?? permuted.NotAttention ?? reordered.NotAttention;
    }

    /// <summary>x[b, i, :] = source[b, order[i], :] for a [B, T, F] array.</summary>
    private static float[] Rows(float[] source, int batch, int length, int features, int[] order)
    {
        var x = new float[source.Length];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < length; i++)
                Array.Copy(source, (b * length + order[i]) * features, x, (b * length + i) * features, features);
        return x;
    }

    private static string Order(int[] order) => "new position i holds old " + string.Join(", ", order.Select((o, i) => $"{i}←{o}"));
}
