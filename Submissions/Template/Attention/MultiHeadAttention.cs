using System;
using Grader.Contracts.Attention;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 001 (Heidelberg sheet 10, 2022/23), exercise 2: a multi-head attention layer, batch first, with the weights
/// the grader passes in (the layout of <c>torch.nn.MultiheadAttention</c>, see <see cref="MultiHeadAttentionWeights"/>).
/// </summary>
public sealed class MultiHeadAttention : IMultiHeadAttention
{
    /// <inheritdoc />
    public AttentionOutput Forward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal) =>
        throw new NotImplementedException(
            "Sheet 001, exercise 2: implement a multi-head attention layer — the output [B, L, E] and every head's attention weights "
            + "[B, H, L, S], with the key padding mask and the causal mask — see README.md, MultiHeadAttention.cs.");

    /// <inheritdoc />
    public AttentionGradients Backward(MultiHeadAttentionWeights weights, Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, bool causal, Tensor outputGradient) =>
        throw new NotImplementedException(
            "Sheet 001, exercise 2: the gradients of Σ outputGradient ⊙ Forward(…).Output with respect to the inputs, weights and "
            + "biases, by backpropagation through your layer — see README.md, MultiHeadAttention.cs.");
}
