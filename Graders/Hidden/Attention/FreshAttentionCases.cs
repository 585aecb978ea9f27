using Grader.Checks.Attention;

namespace Grader.Checks.Hidden.Attention;

/// <summary>
/// Calls of the layer drawn from the run's seed, answered live by the reference (<see cref="AttentionVariants.Expected"/>):
/// what the tutor's <see cref="OutputMatchesReference"/> decides on. The sheet's layer has a causal flag, a key padding
/// mask and queries and keys of different lengths, so every run has one call of each case (<see cref="Shapes"/>), with
/// sizes, heads, weights, biases and inputs drawn within it: causal with padding and L &lt; S, causal with padding and
/// L &gt; S (a padded key before the last query in every batch element of both), causal without padding (L = S), not causal
/// with padding (L ≠ S), not causal without padding, a causal padded call with inputs three times larger (a peaked
/// softmax), and a call whose largest score Q_h·K_hᵀ/√d is drawn in [<see cref="LargeScores"/>] (its query projection
/// scaled to it), beyond ln(float.MaxValue) ≈ 88.7: attention is defined there and PyTorch's softmax computes it, but
/// e^score overflows float32 in a softmax that does not subtract the row max. Six random calls with the flags by coin
/// missed a layer that drops the padding mask under the causal one on 10 of 60 seeds; these catch it on every seed
/// (<c>SheetCasesEveryRunTests</c>). Before the large-score call, the softmax without the row max was caught only by
/// chance (heads-are-independent's perturbations), and missed on 2 of 200 seeds. The first call has two or more heads
/// (<see cref="Classes"/>).
/// </summary>
public sealed class FreshAttentionCases : IAttentionCases, ICaseClassDraw
{
    /// <summary>The law of the calls (the property checks' random calls; the cases below fix its flags and lengths).</summary>
    public static AttentionCaseLaw Law { get; } = new(MaxBatch: 3, MaxQueries: 7, MinKeys: 1, MaxKeys: 7, Heads: [1, 2, 3, 4], MaxHeadDim: 4);

    /// <summary>Calls per run, one per case.</summary>
    public const int Count = 7;

    /// <summary>The range the large-score call's largest score is drawn from (ln(float.MaxValue) ≈ 88.7 below it).</summary>
    public static readonly (double Low, double High) LargeScores = (100, 160);

    /// <summary>The cases of one run: name, causal, padded, how L and S relate, the inputs' scale.</summary>
    private static readonly (string Name, bool Causal, bool Padded, Func<Generator, (int L, int S)> Lengths, float Scale)[] Shapes =
    [
        ("causal, padded, L < S", true, true, g => { int l = Pick(g, 2, 6); return (l, Pick(g, l + 1, 7)); }, 1f),
        ("causal, padded, L > S", true, true, g => { int s = Pick(g, 2, 6); return (Pick(g, s + 1, 7), s); }, 1f),
        ("causal, no padding, L = S", true, false, g => { int n = Pick(g, 2, 7); return (n, n); }, 1f),
        ("not causal, padded, L ≠ S", false, true, g => { int l = Pick(g, 1, 7), s = Pick(g, 2, 6); return (l, s >= l ? s + 1 : s); }, 1f),
        ("not causal, no padding", false, false, g => (Pick(g, 1, 7), Pick(g, 1, 7)), 1f),
        ("causal, padded, large inputs", true, true, g => (Pick(g, 2, 7), Pick(g, 2, 7)), 3f),
        ("not causal, no padding, scores beyond float32's e^x", false, false, g => (Pick(g, 1, 7), Pick(g, 2, 7)), 1f),
    ];

    /// <summary>The calls that tell the sheet's layer from its near misses.</summary>
    public static CaseClasses<ExpectedAttention> Classes { get; } = new(
        new CaseClass<ExpectedAttention>("causal-with-a-padded-key-before-a-query",
            "the key padding mask dropped under the causal mask: a padded key at or before the query gets weight",
            e => e.Case.Causal && Enumerable.Range(0, e.Case.B).Any(b => Enumerable.Range(1, Math.Max(0, Math.Min(e.Case.L, e.Case.S) - 1)).Any(j => e.Case.Padding[b * e.Case.S + j] != 0))),
        new CaseClass<ExpectedAttention>("scores-beyond-float-exp",
            "a softmax without the row max: e^score overflows float32 above ≈ 88.7 (NaN or weights 0)", e => e.LargestScore > 88.8),
        new CaseClass<ExpectedAttention>("several-heads",
            "the heads split by reshaping [B, L, E] straight to [B, H, L, d], one head's weights for all, or the scores scaled by 1/√E: equal to the sheet's layer when H = 1",
            e => e.Case.Heads >= 2));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Cases(new CheckContext(_ => null, seed, ""), out _) ?? []);

    public IReadOnlyList<ExpectedAttention>? Cases(CheckContext context, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        problem = null;
        var g = context.NewGenerator(0x41);
        return Shapes.Select((shape, i) =>
            {
                var (l, s) = shape.Lengths(g);
                int b = Pick(g, 1, Law.MaxBatch), heads = Law.Heads[(int)g.NextInt(i == 0 ? 1 : 0, Law.Heads.Length)], d = Pick(g, 1, Law.MaxHeadDim);
                var law = Law with { Causal = shape.Causal, Padding = shape.Padded, InputScale = shape.Scale };
                var c = law.Draw(g, $"fresh {i + 1}", b, l, s, heads, d);
                if (i == Shapes.Length - 1) c = WithLargestScore(c, LargeScores.Low + (LargeScores.High - LargeScores.Low) * g.NextDouble());
                return shape.Padded ? WithPaddedKeyBeforeLastQuery(c, g) : c;
            })
            .Select(AttentionVariants.Expected)
            .ToArray();
    }

    /// <summary>
    /// The call with, in every batch element, one key j ∈ [1, min(L, S) − 1] padded (key 0 stays open): a query i ≥ j
    /// that the causal mask lets see key j must still skip it.
    /// </summary>
    private static AttentionCase WithPaddedKeyBeforeLastQuery(AttentionCase c, Generator g)
    {
        int last = Math.Min(c.L, c.S) - 1;
        if (last < 1) return c;
        var padding = (float[])c.Padding.Clone();
        for (int b = 0; b < c.B; b++) padding[b * c.S + Pick(g, 1, last)] = 1f;
        return c with { Padding = padding };
    }

    /// <summary>
    /// The call with its query projection (W_q and b_q) scaled by one factor k, so that its score of largest magnitude
    /// becomes the largest score, <paramref name="target"/>: scores Q_h·K_hᵀ/√d are linear in Q, so every score is k times
    /// the drawn one (k &lt; 0 when the drawn call's most negative score outweighs its largest).
    /// </summary>
    private static AttentionCase WithLargestScore(AttentionCase c, double target)
    {
        var largest = AttentionInDouble.Evaluate(c.InDouble()).LargestScore;
        var negated = c with { QueryWeight = c.QueryWeight.Select(v => -v).ToArray(), QueryBias = c.QueryBias.Select(v => -v).ToArray() };
        var smallest = -AttentionInDouble.Evaluate(negated.InDouble()).LargestScore;
        var pivot = largest >= -smallest ? largest : smallest;
        if (!(Math.Abs(pivot) > 1e-6)) return c; // every score 0: a zero query projection, drawn with probability 0
        var k = (float)(target / pivot);
        return c with { QueryWeight = c.QueryWeight.Select(v => v * k).ToArray(), QueryBias = c.QueryBias.Select(v => v * k).ToArray() };
    }

    private static int Pick(Generator g, int low, int high) => (int)g.NextInt(low, high + 1);
}
