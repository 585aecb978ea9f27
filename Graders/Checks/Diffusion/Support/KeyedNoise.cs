using Grader.Contracts.Diffusion;
using Grader.Tensors;

namespace Grader.Checks.Diffusion.Support;

/// <summary>
/// The grader's <see cref="INoiseSource"/>: every draw is a pure function of (seed, key, shape), so a hand-in gets the
/// same latent and the same step noise however often and in whatever order it asks, and the reference run with the
/// same seed sees exactly the same numbers. It also records which keys and shapes were requested, so a check can
/// tell "drew per-sample noise" from "drew one shared vector".
/// </summary>
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
        foreach (var s in shape)
            if (s < 0) throw new ArgumentException($"noise shape [{string.Join(", ", shape)}] has a negative dimension");
        var g = new Generator(Mix(_seed, key) ^ Mix((ulong)shape.Length, ShapeHash(shape)));
        return torch.randn(shape, g);
    }

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
