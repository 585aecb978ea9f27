using Grader.Tensors;

namespace Grader.Contracts.Attention;

/// <summary>
/// The parameters of a multi-head attention layer over vectors of size E (the model dimension), as
/// <c>torch.nn.MultiheadAttention(E, heads, batch_first=True)</c> holds them with kdim = vdim = E. Each projection maps
/// a row x to x·Wᵀ + b, so every weight is [E, E] ([out, in]) and every bias [E]. A layer without biases has all four
/// biases zero.
/// </summary>
/// <param name="Heads">Number of heads; E is a multiple of it.</param>
/// <param name="QueryWeight">W_q, [E, E].</param>
/// <param name="KeyWeight">W_k, [E, E].</param>
/// <param name="ValueWeight">W_v, [E, E].</param>
/// <param name="OutputWeight">W_o, the output projection, [E, E].</param>
/// <param name="QueryBias">b_q, [E].</param>
/// <param name="KeyBias">b_k, [E].</param>
/// <param name="ValueBias">b_v, [E].</param>
/// <param name="OutputBias">b_o, [E].</param>
public sealed record MultiHeadAttentionWeights(
    int Heads,
    Tensor QueryWeight,
    Tensor KeyWeight,
    Tensor ValueWeight,
    Tensor OutputWeight,
    Tensor QueryBias,
    Tensor KeyBias,
    Tensor ValueBias,
    Tensor OutputBias);
