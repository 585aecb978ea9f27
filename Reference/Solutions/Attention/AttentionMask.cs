using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Attention;

/// <summary>
/// Which keys each query may not attend to: a key-padding mask [B, S] (1 = padding) and/or the causal mask (query i sees
/// keys j ≤ i), combined into one 0/1 tensor [B, 1, L, S] that broadcasts over the heads. Every query must keep at
/// least one key: a row with every key masked has no softmax (PyTorch returns NaN there), so it is refused.
/// </summary>
public static class AttentionMask
{
    /// <summary>The combined mask (1 = masked), or null when nothing is masked.</summary>
    /// <exception cref="ArgumentException">A malformed mask, or a query that would have no key left.</exception>
    public static Tensor? Combine(Tensor? keyPaddingMask, bool causal, int batch, int queries, int keys)
    {
        if (keyPaddingMask is null && !causal) return null;
        var padding = new bool[batch, keys];
        if (keyPaddingMask is not null)
        {
            if (keyPaddingMask.dim() != 2 || keyPaddingMask.size(0) != batch || keyPaddingMask.size(1) != keys)
                throw new ArgumentException($"The key padding mask must be [B = {batch}, S = {keys}], got [{string.Join(", ", keyPaddingMask.shape)}].", nameof(keyPaddingMask));
            var values = keyPaddingMask.ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] is not (0f or 1f))
                    throw new ArgumentException($"The key padding mask holds {values[i]} at [{i / keys}, {i % keys}]; it must be 0 (attend) or 1 (padding).", nameof(keyPaddingMask));
                padding[i / keys, i % keys] = values[i] == 1f;
            }
        }

        var mask = new float[batch * queries * keys];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < queries; i++)
            {
                int open = 0;
                for (int j = 0; j < keys; j++)
                {
                    bool masked = padding[b, j] || (causal && j > i);
                    mask[(b * queries + i) * keys + j] = masked ? 1f : 0f;
                    if (!masked) open++;
                }
                if (open == 0)
                    throw new ArgumentException($"Query {i} of batch element {b} may attend to no key ({(causal ? "causal mask and " : "")}key padding mask); its attention weights would be undefined.");
            }
        return tensor(mask, batch, 1, queries, keys);
    }
}
