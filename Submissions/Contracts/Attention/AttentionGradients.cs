using Grader.Tensors;

namespace Grader.Contracts.Attention;

/// <summary>
/// Gradients of a scalar loss through the layer: each member has the shape of the input or parameter it belongs to.
/// </summary>
/// <param name="Query">∂loss/∂query, [B, L, E].</param>
/// <param name="Key">∂loss/∂key, [B, S, E].</param>
/// <param name="Value">∂loss/∂value, [B, S, E].</param>
/// <param name="Weights">∂loss/∂ each weight and bias, in a record of the same layout (its Heads is the layer's).</param>
public sealed record AttentionGradients(Tensor Query, Tensor Key, Tensor Value, MultiHeadAttentionWeights Weights);
