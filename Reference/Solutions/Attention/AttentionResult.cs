using Grader.Tensors;

namespace Grader.Reference.Attention;

/// <summary>The output of <see cref="MultiHeadAttention.Forward"/>.</summary>
/// <param name="Output">[B, L, E].</param>
/// <param name="Weights">Per-head attention weights, [B, H, L, S]; each row over S sums to 1 and is 0 at masked keys.</param>
public sealed record AttentionResult(Tensor Output, Tensor Weights);
