using Grader.Checks.Diffusion.Snapshots;

namespace Grader.Checks.Attention;

/// <summary>A call of the layer with the reference's answer, and the answers of known wrong layers.</summary>
/// <param name="Case">The call.</param>
/// <param name="Output">The reference's output, [B, L, E] flattened.</param>
/// <param name="Weights">The reference's attention weights, [B, H, L, S] flattened.</param>
/// <param name="Variants">The outputs of the reference with one known bug each (keys as in <see cref="OutputMatchesReference"/>).</param>
public sealed record ExpectedAttention(AttentionCase Case, float[] Output, float[] Weights, IReadOnlyList<Variant> Variants);
