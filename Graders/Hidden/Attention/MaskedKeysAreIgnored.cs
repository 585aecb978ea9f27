using Grader.Checks.Attention;
using Grader.Contracts.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// Sheet 001, ex. 2 (task 001/2/multi-head-attention): a masked key is ignored, on random calls (FsCheck). Replacing the
/// key and value vectors of every padded key by large random ones leaves every output unchanged; under the causal mask,
/// replacing the last key/value pair leaves the output of every earlier query unchanged. Equal up to the sum of the two
/// calls' float32 bounds, so a correct layer never fails. Power: a mask that raises masked scores instead of lowering
/// them, or a mask that is not applied, lets the replaced pairs move the output by their own scale (10 here). The law
/// earns credit only on calls whose output and weights are attention's (<see cref="AttentionProperty.NotAttention"/>): a
/// layer that ignores every key ignores the masked ones too.
/// </summary>
public sealed class MaskedKeysAreIgnored() : AttentionLawCheck(
    "attention.heidelberg.masked-keys-are-ignored",
    FreshAttentionCases.Law with { MinKeys = 2 },
    "Changing masked keys and values changes no output")
{
    private protected override Func<RandomCall, string>? Label => c => c.Case.Causal ? "causal" : c.Case.Padding.Any(p => p == 1f) ? "padded" : "unmasked";

    private protected override string? Violation(HandinCall call, IMultiHeadAttention layer, RandomCall random)
    {
        var c = random.Case;
        var g = random.Changes();
        if (AttentionProperty.Run(call, layer, c, out var problem) is not { } original) return problem;

        // Every padded key/value row replaced.
        bool Padded(int b, int j) => c.Padding[b * c.S + j] == 1f;
        var padded = c with { Key = Replace(c.Key, c, g, Padded), Value = Replace(c.Value, c, g, Padded) };
        if (AttentionProperty.Run(call, layer, padded, out problem) is not { } changed) return problem;
        for (int i = 0; i < original.Output.Length; i++)
            if (!(Math.Abs(changed.Output[i] - original.Output[i]) <= changed.OutputBound[i] + original.OutputBound[i]))
                return string.Create(CultureInfo.InvariantCulture,
                    $"Replacing the keys and values of the padded positions changed output row {i / c.E % c.L} of batch element {i / (c.E * c.L)} ({original.Output[i]:G6} → {changed.Output[i]:G6} in feature {i % c.E}): a padded key must get weight 0, so its key and value cannot matter.");

        if (!c.Causal || c.S < 2 || c.L < 2) return original.NotAttention ?? changed.NotAttention;
        int last = c.S - 1;
        var later = c with { Key = Replace(c.Key, c, g, (_, j) => j == last), Value = Replace(c.Value, c, g, (_, j) => j == last) };
        if (AttentionProperty.Run(call, layer, later, out problem) is not { } shifted) return problem;
        for (int b = 0; b < c.B; b++)
            for (int i = 0; i < Math.Min(last, c.L); i++)
                for (int f = 0; f < c.E; f++)
                {
                    int at = (b * c.L + i) * c.E + f;
                    if (!(Math.Abs(shifted.Output[at] - original.Output[at]) <= shifted.OutputBound[at] + original.OutputBound[at]))
                        return string.Create(CultureInfo.InvariantCulture,
                            $"Under the causal mask, replacing key/value {last} changed the output of the earlier query {i} of batch element {b} ({original.Output[at]:G6} → {shifted.Output[at]:G6} in feature {f}): query i may attend to keys j ≤ i only.");
                }
        return original.NotAttention ?? changed.NotAttention ?? shifted.NotAttention;
    }

    /// <summary>The [B, S, E] array with the rows <paramref name="which"/> selects replaced by 10·N(0, 1).</summary>
    private static float[] Replace(float[] source, AttentionCase c, Tensors.Generator g, Func<int, int, bool> which)
    {
        var x = (float[])source.Clone();
        for (int b = 0; b < c.B; b++)
            for (int j = 0; j < c.S; j++)
                if (which(b, j))
                    for (int f = 0; f < c.E; f++) x[(b * c.S + j) * c.E + f] = (float)(10 * g.NextNormal());
        return x;
    }
}
