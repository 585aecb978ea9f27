using Grader.Contracts.OdeSde;

namespace Grader.Checks.OdeSde.Support;

/// <summary>
/// The grader's <see cref="IElboNoiseSource"/>: every draw is a pure function of (seed, method, number of values), laid
/// out in the shape asked for ([N, 1] and [N] give the same numbers), so a hand-in gets the same t and ε however often
/// and in whatever order it asks, and the grader replays them exactly. It records every request (method and shape, in
/// call order). Times are U(0, 1) in float32, the noises N(0, 1).
/// </summary>
public sealed class ReplayedElboNoise(ulong seed) : IElboNoiseSource
{
    private readonly List<(string Draw, int[] Shape)> _requests = [];

    public ulong Seed { get; } = seed;

    /// <summary>Every request: "Times", "NoiseAtZero", "NoiseAtOne" or "NoiseAtTime", and the shape asked for.</summary>
    public IReadOnlyList<(string Draw, int[] Shape)> Requests => _requests;

    public Tensor Times(int[] shape) => torch.rand(shape, Stream(nameof(Times), 1, shape));

    public Tensor NoiseAtZero(int[] shape) => torch.randn(shape, Stream(nameof(NoiseAtZero), 2, shape));

    public Tensor NoiseAtOne(int[] shape) => torch.randn(shape, Stream(nameof(NoiseAtOne), 3, shape));

    public Tensor NoiseAtTime(int[] shape) => torch.randn(shape, Stream(nameof(NoiseAtTime), 4, shape));

    /// <summary>The draw of <paramref name="draw"/> for <paramref name="shape"/>, without recording a request (the grader's replay).</summary>
    public double[] Replay(string draw, int[] shape)
    {
        var g = Generator(draw switch { nameof(Times) => 1UL, nameof(NoiseAtZero) => 2UL, nameof(NoiseAtOne) => 3UL, nameof(NoiseAtTime) => 4UL, _ => throw new ArgumentException(draw) }, shape);
        return (draw == nameof(Times) ? torch.rand(shape, g) : torch.randn(shape, g)).ToDoubleArray();
    }

    private Generator Stream(string draw, ulong key, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var s in shape)
            if (s < 0) throw new ArgumentException($"{draw}: shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
        if (shape.Aggregate(1L, (p, s) => p * s) > 1 << 22)
            throw new ArgumentException($"{draw}: shape [{string.Join(", ", shape)}] asks for more than 2^22 numbers", nameof(shape));
        _requests.Add((draw, (int[])shape.Clone()));
        return Generator(key, shape);
    }

    private Generator Generator(ulong key, int[] shape) =>
        new(Mix(Mix(Seed, key), (ulong)shape.Aggregate(1L, (p, s) => p * s)));

    private static ulong Mix(ulong a, ulong b)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL + b;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
