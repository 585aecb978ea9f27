using Grader.Tensors;

namespace Grader.Contracts.Attention;

/// <summary>
/// Heidelberg sheet 10 (2022/23), exercise 2 (sheet 001): a multi-head attention layer. Batch first: a query
/// sequence of L vectors attends to a key/value sequence of S vectors, each of size E, with the projection weights the
/// grader gives. Masked keys are the positions a query may not attend to.
/// </summary>
public interface IMultiHeadAttention
{
    /// <param name="weights">The layer's projections and number of heads.</param>
    /// <param name="query">[B, L, E].</param>
    /// <param name="key">[B, S, E].</param>
    /// <param name="value">[B, S, E].</param>
    /// <param name="keyPaddingMask">
    /// [B, S]: 1 where key j of batch element b is padding (no query may attend to it), 0 elsewhere; all zeros when
    /// nothing is padded (PyTorch's <c>key_padding_mask</c> with True as 1).
    /// </param>
    /// <param name="causal">When true, query i may attend only to keys j ≤ i.</param>
    /// <remarks>The grader never masks every key of a query.</remarks>
    AttentionOutput Forward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal);

    /// <summary>
    /// The gradients of loss = Σ outputGradient ⊙ Forward(…).Output with respect to the query, key, value, weights and
    /// biases, obtained by backpropagation through your layer.
    /// </summary>
    /// <param name="outputGradient">∂loss/∂Output, [B, L, E].</param>
    AttentionGradients Backward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal, Tensor outputGradient);
}
