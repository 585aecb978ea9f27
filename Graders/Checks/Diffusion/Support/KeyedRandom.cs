using Grader.Contracts.Diffusion;

namespace Grader.Checks.Diffusion.Support;

/// <summary>
/// The grader's <see cref="IRandomSource"/>: every draw is a pure function of (seed, method, number of values), laid
/// out in the shape asked for ([N, 1] and [N] give the same numbers), so a hand-in gets the same numbers however often
/// and in whatever order it asks, and the reference run with the same seed sees the same ones. Integers(low, high, …)
/// are low + NextInt(0, high − low) of the keyed stream. It records every request (method, range, shape, in call order),
/// so a check can replay and inspect what a hand-in drew.
/// </summary>
public sealed class KeyedRandom(ulong seed) : IRandomSource
{
    /// <summary>The most values one request may ask for (2^22).</summary>
    public const long MaxValues = 1L << 22;

    private const ulong IntegersKey = 0x1D7E_6E25UL, NormalKey = 0x4E02_3A11UL;
    private readonly List<RandomRequest> _requests = [];

    public ulong Seed { get; } = seed;

    /// <summary>Every request, in call order.</summary>
    public IReadOnlyList<RandomRequest> Requests => _requests;

    public Tensor Integers(int low, int high, int[] shape)
    {
        var count = Count(nameof(Integers), shape);
        if (high <= low)
            throw new ArgumentException($"Integers: the range {low} … {high} − 1 is empty (high must exceed low)", nameof(high));
        _requests.Add(new RandomRequest(nameof(Integers), low, high, (int[])shape.Clone()));
        return torch.tensor(IntegerValues(low, high, count), (int[])shape.Clone());
    }

    public Tensor Normal(int[] shape)
    {
        var count = Count(nameof(Normal), shape);
        _requests.Add(new RandomRequest(nameof(Normal), 0, 0, (int[])shape.Clone()));
        return torch.randn((int[])shape.Clone(), Stream(NormalKey, count));
    }

    /// <summary>The values <see cref="Integers"/> gives for <paramref name="count"/> numbers on low … high − 1, without recording a request.</summary>
    public float[] IntegerValues(int low, int high, long count)
    {
        var g = Stream(IntegersKey, count);
        var values = new float[count];
        for (long i = 0; i < count; i++) values[i] = low + g.NextInt(0, (long)high - low);
        return values;
    }

    /// <summary>The values <see cref="Normal"/> gives for <paramref name="count"/> numbers, without recording a request.</summary>
    public float[] NormalValues(int count) => torch.randn([count], Stream(NormalKey, count)).ToArray();

    private static long Count(string method, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new ArgumentException($"{method}: shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
            count *= s;
            if (count > MaxValues) throw new ArgumentException($"{method}: shape [{string.Join(", ", shape)}] asks for more than 2^22 numbers", nameof(shape));
        }

        return count;
    }

    private Generator Stream(ulong key, long count) => new(Mix(Mix(Seed, key), (ulong)count));

    private static ulong Mix(ulong a, ulong b)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL + b;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>One request to a <see cref="KeyedRandom"/>: "Integers" (with its range low … high − 1) or "Normal", and the shape.</summary>
public sealed record RandomRequest(string Method, int Low, int High, int[] Shape)
{
    /// <summary>The number of values asked for.</summary>
    public long Count => Shape.Aggregate(1L, (p, s) => p * s);

    public override string ToString() =>
        Method == "Integers" ? $"Integers({Low}, {High}, [{string.Join(", ", Shape)}])" : $"Normal([{string.Join(", ", Shape)}])";
}
