namespace Grader.Tensors;

/// <summary>
/// A seeded random stream, passed explicitly to every op that draws (there is no global seed). The core is
/// xoshiro256** seeded through SplitMix64, in integer arithmetic, so the uniform stream is the same on every
/// platform; normals use the Box–Muller transform in double precision before rounding to float32.
/// Not thread-safe: give each thread its own generator (see <see cref="Fork"/>).
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    public ulong Seed { get; }

    public Generator(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    public Generator(int seed) : this(unchecked((ulong)seed)) { }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    public ulong NextUInt64()
    {
        ulong result = Rotl(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = Rotl(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on [0, 1) as float32 (24 random bits, so 1 is never returned).</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [low, high), without modulo bias (Lemire's method).</summary>
    public long NextInt(long low, long high)
    {
        if (high <= low) throw new ArgumentException($"NextInt: empty range [{low}, {high})");
        ulong range = (ulong)(high - low);
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * range;
        ulong l = (ulong)m;
        if (l < range)
        {
            ulong threshold = unchecked(0UL - range) % range;
            while (l < threshold) { x = NextUInt64(); m = (UInt128)x * range; l = (ulong)m; }
        }
        return low + (long)(m >> 64);
    }

    /// <summary>Standard normal draw (Box–Muller, both values used).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare) { _spareNormal = null; return spare; }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="destination"/> as that many <see cref="NextNormal"/> calls would, each rounded to float32 (in SIMD: Random/BoxMuller.cs).</summary>
    internal void FillNormal(Span<float> destination) => BoxMuller.Fill(this, ref _spareNormal, destination);

    /// <summary>Laplace(loc, scale) by inverting the CDF of a uniform on (−½, ½).</summary>
    public double NextLaplace(double loc = 0, double scale = 1)
    {
        double u;
        do u = NextDouble() - 0.5; while (u == -0.5);
        return loc - scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) { int j = (int)NextInt(0, i + 1); (p[i], p[j]) = (p[j], p[i]); }
        return p;
    }

    /// <summary>An independent generator seeded from this one's stream (for a worker thread or a sub-task).</summary>
    public Generator Fork() => new(NextUInt64());
}
