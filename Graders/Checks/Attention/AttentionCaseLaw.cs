namespace Grader.Checks.Attention;

/// <summary>
/// How random attention calls are drawn: sizes uniform in their ranges, the number of heads from <see cref="Heads"/>,
/// weights N(0, 1/E) (so scores stay of order one), inputs and G N(0, 1) scaled by <see cref="InputScale"/>, biases
/// N(0, ¼) or absent with probability ½, causal with probability ½ unless fixed, each key of each batch element padded
/// with probability ½ except the first <see cref="OpenKeys"/> (so every query keeps a key).
/// </summary>
/// <param name="MaxBatch">B is 1 … MaxBatch.</param>
/// <param name="MaxQueries">L is 1 … MaxQueries.</param>
/// <param name="MinKeys">S is MinKeys … MaxKeys.</param>
/// <param name="MaxKeys">See <paramref name="MinKeys"/>.</param>
/// <param name="Heads">The numbers of heads to choose from.</param>
/// <param name="MaxHeadDim">d = E/H is 1 … MaxHeadDim.</param>
/// <param name="InputScale">The standard deviation of the inputs.</param>
/// <param name="Causal">Fixed causal flag, or null for a coin.</param>
/// <param name="OpenKeys">Keys 0 … OpenKeys − 1 are never padded (≥ 1).</param>
/// <param name="Padding">False draws no padding at all.</param>
public sealed record AttentionCaseLaw(
    int MaxBatch, int MaxQueries, int MinKeys, int MaxKeys, int[] Heads, int MaxHeadDim,
    float InputScale = 1f, bool? Causal = null, int OpenKeys = 1, bool Padding = true)
{
    /// <summary>One call drawn from <paramref name="g"/>.</summary>
    public AttentionCase Draw(Generator g, string name)
    {
        ArgumentNullException.ThrowIfNull(g);
        int b = Pick(g, 1, MaxBatch), l = Pick(g, 1, MaxQueries), s = Pick(g, Math.Max(MinKeys, OpenKeys), Math.Max(MaxKeys, OpenKeys));
        int heads = Heads[(int)g.NextInt(0, Heads.Length)], d = Pick(g, 1, MaxHeadDim);
        return Draw(g, name, b, l, s, heads, d);
    }

    /// <summary>One call of the given shape (B, L, S, H heads of size d) whose values, biases and masks are drawn from <paramref name="g"/>.</summary>
    public AttentionCase Draw(Generator g, string name, int b, int l, int s, int heads, int d)
    {
        ArgumentNullException.ThrowIfNull(g);
        int e = heads * d;
        bool bias = g.NextDouble() < 0.5;
        bool causal = Causal ?? g.NextDouble() < 0.5;
        var weightScale = 1 / Math.Sqrt(e);
        float[] Normal(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)(g.NextNormal() * scale)).ToArray();
        float[] Bias() => bias ? Normal(e, 0.5) : new float[e];
        var wq = Normal(e * e, weightScale); var wk = Normal(e * e, weightScale);
        var wv = Normal(e * e, weightScale); var wo = Normal(e * e, weightScale);
        var bq = Bias(); var bk = Bias(); var bv = Bias(); var bo = Bias();
        var padding = new float[b * s];
        if (Padding)
            for (int i = 0; i < padding.Length; i++)
                padding[i] = i % s >= OpenKeys && g.NextDouble() < 0.5 ? 1f : 0f;
        return new AttentionCase(name, heads, b, l, s, e,
            Normal(b * l * e, InputScale), Normal(b * s * e, InputScale), Normal(b * s * e, InputScale),
            wq, wk, wv, wo, bq, bk, bv, bo, padding, causal, Normal(b * l * e, 1));
    }

    private static int Pick(Generator g, int low, int high) => (int)g.NextInt(low, high + 1);
}
