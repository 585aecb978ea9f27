using Grader.Checks.Attention;
using Grader.Checks.Checking;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// Calls of the layer drawn from the run's seed, answered live by the reference (<see cref="AttentionVariants.Expected"/>):
/// what the tutor's <see cref="OutputMatchesReference"/> decides on. Sizes, heads, biases and masks vary per run.
/// </summary>
public sealed class FreshAttentionCases : IAttentionCases
{
    /// <summary>The law of the calls.</summary>
    public static AttentionCaseLaw Law { get; } = new(MaxBatch: 3, MaxQueries: 7, MinKeys: 1, MaxKeys: 7, Heads: [1, 2, 3, 4], MaxHeadDim: 4);

    /// <summary>Calls per run: most from <see cref="Law"/>, the last with inputs three times larger (a peaked softmax).</summary>
    public const int Count = 6;

    public IReadOnlyList<ExpectedAttention>? Cases(CheckContext context, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        problem = null;
        var g = context.NewGenerator(0x41);
        return Enumerable.Range(0, Count)
            .Select(i => (i == Count - 1 ? Law with { InputScale = 3f } : Law).Draw(g, $"fresh {i + 1}"))
            .Select(AttentionVariants.Expected)
            .ToArray();
    }
}
