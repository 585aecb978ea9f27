using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion.Support;

/// <summary>
/// The grader's <see cref="INoiseSource"/>: every draw is a pure function of (seed, key, shape), so a hand-in gets the
/// same latent and the same step noise however often and in whatever order it asks, and the reference run with the
/// same seed sees exactly the same numbers. It also records which keys and shapes were requested, so a check can
/// tell "drew per-sample noise" from "drew one shared vector".
/// </summary>
/// <remarks>
/// Drawn row by row along the last dimension: a request [A, …, B, d] is A·…·B rows of d values, numbered in row-major
/// order; [d] and [] are one row. Row i is a function of (seed, key, i, d) only, so row i of [N, d] equals row i of
/// [M, d] for every M &gt; i, row 0 equals [d] and [1, d], and [1, N, d] equals [N, d]: a sampler that asks [N, d] and
/// gives every sample row 0 gets the same noise as one that asks [1, d]. Within a row the values are
/// <c>torch.randn([d], g)</c> of that row's generator.
/// </remarks>
public sealed class KeyedNoise : INoiseSource
{
    private const ulong LatentKey = 0xA5A5_0000_0000_0001UL;
    private readonly ulong _seed;
    private readonly List<(int t, int[] shape)> _stepRequests = [];

    public KeyedNoise(ulong seed) => _seed = seed;

    /// <summary>The (t, shape) of every <see cref="ForStep"/> call, in call order.</summary>
    public IReadOnlyList<(int t, int[] shape)> StepRequests => _stepRequests;

    public Tensor Latent(int[] shape) => Draw(LatentKey, shape);

    public Tensor ForStep(int t, int[] shape)
    {
        if (t < 0) throw new ArgumentOutOfRangeException(nameof(t), $"ForStep: step index {t} is negative (steps run 0..T−1)");
        _stepRequests.Add((t, (int[])shape.Clone()));
        return Draw((ulong)t + 1, shape);
    }

    private Tensor Draw(ulong key, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var s in shape)
            if (s < 0) throw new ArgumentException($"noise shape [{string.Join(", ", shape)}] has a negative dimension");
        var width = shape.Length >= 1 ? shape[^1] : 1;
        var rows = 1;
        for (var k = 0; k + 1 < shape.Length; k++) rows = checked(rows * shape[k]);
        var rowSeed = Mix(_seed, key) ^ Mix(1, ShapeHash([width]));
        if (shape.Length == 0) return torch.randn(shape, RowGenerator(rowSeed, 0));

        var data = new float[checked(rows * width)];
        for (var r = 0; r < rows; r++)
        {
            // As torch.randn([width], g): element k is the k-th NextNormal() rounded to float32.
            var g = RowGenerator(rowSeed, r);
            for (int k = 0, offset = r * width; k < width; k++) data[offset + k] = (float)g.NextNormal();
        }

        return torch.tensor(data, shape);
    }

    private static Generator RowGenerator(ulong rowSeed, int row) => new(Mix(rowSeed, (ulong)row));

    private static ulong ShapeHash(int[] shape)
    {
        ulong h = 1469598103934665603UL;
        foreach (var s in shape) h = (h ^ (ulong)s) * 1099511628211UL;
        return h;
    }

    private static ulong Mix(ulong a, ulong b)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL + b;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
