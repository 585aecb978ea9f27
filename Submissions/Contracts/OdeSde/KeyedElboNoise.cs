using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Contracts.OdeSde;

/// <summary>
/// A replayable <see cref="IElboNoiseSource"/>: every draw is a pure function of (seed, method, shape), so a hand-in
/// gets the same t and ε however often and in whatever order it asks, and the reference run with the same seed sees the
/// same numbers. It records every request (method and shape, in call order), so a check can see what was drawn.
/// Times are U(0, 1) in float32 (24 random bits), the noises N(0, 1).
/// </summary>
public sealed class KeyedElboNoise(ulong seed) : IElboNoiseSource
{
    private readonly List<(string Draw, int[] Shape)> _requests = [];

    public ulong Seed { get; } = seed;

    /// <summary>Every request so far: the method's name ("Times", "NoiseAtZero", "NoiseAtOne", "NoiseAtTime") and the shape.</summary>
    public IReadOnlyList<(string Draw, int[] Shape)> Requests => _requests;

    public Tensor Times(int[] shape) => rand(shape, Stream(nameof(Times), 1, shape));

    public Tensor NoiseAtZero(int[] shape) => randn(shape, Stream(nameof(NoiseAtZero), 2, shape));

    public Tensor NoiseAtOne(int[] shape) => randn(shape, Stream(nameof(NoiseAtOne), 3, shape));

    public Tensor NoiseAtTime(int[] shape) => randn(shape, Stream(nameof(NoiseAtTime), 4, shape));

    private Generator Stream(string draw, ulong key, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(s => s < 0)) throw new ArgumentException($"{draw}: shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
        _requests.Add((draw, (int[])shape.Clone()));
        ulong h = 1469598103934665603UL;
        foreach (var s in shape) h = (h ^ (ulong)s) * 1099511628211UL;
        return new Generator(Mix(Mix(Seed, key), Mix((ulong)shape.Length, h)));
    }

    private static ulong Mix(ulong a, ulong b)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL + b;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
