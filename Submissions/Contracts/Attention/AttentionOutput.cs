using Grader.Tensors;

namespace Grader.Contracts.Attention;

/// <summary>What a multi-head attention layer returns for one call.</summary>
/// <param name="Output">The layer's output, [B, L, E] (one row per query).</param>
/// <param name="Weights">
/// The attention weights of every head, [B, H, L, S]: Weights[b, h, i, j] is how much query i attends to key j in head h
/// (PyTorch's <c>need_weights=True, average_attn_weights=False</c>).
/// </param>
public sealed record AttentionOutput(Tensor Output, Tensor Weights);
