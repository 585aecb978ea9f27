
namespace Grader.Checks.Attention;

/// <summary>
/// A call of the layer with the reference's answer, the answers of known wrong layers, and what the checks compare
/// with: the first-order float32 bounds of the output and the weights, and the gradients of Σ G ⊙ output with their
/// bounds, all computed on the tutor's side (the layer in double with a running error analysis) and read here from the
/// approved snapshot, or answered live for the tutor's calls.
/// </summary>
/// <param name="Case">The call.</param>
/// <param name="Output">The reference's output, [B, L, E] flattened.</param>
/// <param name="Weights">The reference's attention weights, [B, H, L, S] flattened.</param>
/// <param name="Variants">The outputs of the reference with one known bug each (keys as in <see cref="OutputMatchesReference"/>).</param>
/// <param name="OutputBound">For each output value, the bound on the error of any float32 evaluation from the same inputs (the tolerance is twice it).</param>
/// <param name="WeightsBound">The same for each attention weight.</param>
/// <param name="LargestScore">The call's largest score Q_h·K_hᵀ/√d of an open key (above ln(float.MaxValue) a softmax without the row max overflows).</param>
/// <param name="Gradients">∂(Σ G ⊙ output) with respect to each input and parameter, in double, with bounds.</param>
public sealed record ExpectedAttention(
    AttentionCase Case, float[] Output, float[] Weights, IReadOnlyList<Variant> Variants,
    double[] OutputBound, double[] WeightsBound, double LargestScore, IReadOnlyList<ExpectedGradient> Gradients);
