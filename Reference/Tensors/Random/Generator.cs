using System.Buffers.Binary;

namespace Grader.Tensors;

/// <summary>
/// A seeded random stream, passed explicitly to every op that draws (there is no global seed). The core is
/// xoshiro256** seeded through SplitMix64, in integer arithmetic, so the uniform stream is the same on every
/// platform; normals use the Box–Muller transform in double precision before rounding to float32.
/// Not thread-safe: give each thread its own generator (see <see cref="Fork"/>).
/// Its whole state is a byte snapshot (<see cref="GetState"/>, <see cref="SetState"/>, <see cref="FromState"/>, as
/// <c>torch.Generator.get_state</c>/<c>set_state</c>): a generator restored from it, in any process, continues the same
/// stream, normal draws and their cached spare included.
/// </summary>
public sealed class Generator
{
    /// <summary>The version <see cref="GetState"/> writes in its first byte (the only one <see cref="SetState"/> accepts).</summary>
    public const byte StateVersion = 1;

    /// <summary>
    /// The length of a state snapshot: the version, the seed, the four xoshiro256** words, a byte saying whether a
    /// spare normal is cached, and that normal (zero when none); integers and the double little-endian.
    /// </summary>
    public const int StateBytes = 1 + 8 + 4 * 8 + 1 + 8;

    /// <summary>
    /// The largest magnitude a cached Box–Muller normal can have: √(−2 ln u) with u ≥ 2⁻⁵³, the smallest non-zero
    /// <see cref="NextDouble"/>, is √(106 ln 2) ≈ 8.5716. A snapshot holding a larger spare was not made by a generator.
    /// </summary>
    public const double MaxSpareNormal = 8.5717;

    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>The seed the stream started from (restored with the rest by <see cref="SetState"/>).</summary>
    public ulong Seed { get; private set; }

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

    /// <summary>A snapshot of the whole state, <see cref="StateBytes"/> long, version <see cref="StateVersion"/> (see <see cref="StateBytes"/> for the layout).</summary>
    public byte[] GetState()
    {
        var state = new byte[StateBytes];
        var span = state.AsSpan();
        span[0] = StateVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(span[1..], Seed);
        BinaryPrimitives.WriteUInt64LittleEndian(span[9..], _s0);
        BinaryPrimitives.WriteUInt64LittleEndian(span[17..], _s1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[25..], _s2);
        BinaryPrimitives.WriteUInt64LittleEndian(span[33..], _s3);
        span[41] = _spareNormal.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteDoubleLittleEndian(span[42..], _spareNormal ?? 0);
        return state;
    }

    /// <summary>Puts this generator into the state <paramref name="state"/> (from <see cref="GetState"/>), seed included.</summary>
    /// <exception cref="ArgumentException">
    /// The snapshot is not one a generator writes: another length or version, all four words zero (xoshiro256** would
    /// then return only zeros), a flag other than 0 or 1, bytes after an absent spare, or a spare that is not finite or
    /// larger than <see cref="MaxSpareNormal"/>. The generator is left unchanged.
    /// </exception>
    public void SetState(ReadOnlySpan<byte> state)
    {
        if (state.Length != StateBytes)
            throw new ArgumentException($"a generator state is {StateBytes} bytes, not {state.Length}", nameof(state));
        if (state[0] != StateVersion)
            throw new ArgumentException($"a generator state of version {state[0]} (this engine reads version {StateVersion})", nameof(state));
        ulong s0 = BinaryPrimitives.ReadUInt64LittleEndian(state[9..]), s1 = BinaryPrimitives.ReadUInt64LittleEndian(state[17..]);
        ulong s2 = BinaryPrimitives.ReadUInt64LittleEndian(state[25..]), s3 = BinaryPrimitives.ReadUInt64LittleEndian(state[33..]);
        if ((s0 | s1 | s2 | s3) == 0)
            throw new ArgumentException("a generator state whose four words are all zero (xoshiro256** would return only zeros)", nameof(state));
        double spare = BinaryPrimitives.ReadDoubleLittleEndian(state[42..]);
        double? spareNormal = state[41] switch
        {
            0 when BinaryPrimitives.ReadUInt64LittleEndian(state[42..]) == 0 => null,
            0 => throw new ArgumentException("a generator state without a spare normal has bytes where the spare would be", nameof(state)),
            1 when double.IsFinite(spare) && Math.Abs(spare) <= MaxSpareNormal => spare,
            1 => throw new ArgumentException($"a generator state's spare normal {spare} is not one Box–Muller can give (|z| ≤ {MaxSpareNormal})", nameof(state)),
            var flag => throw new ArgumentException($"a generator state's spare flag is {flag}, not 0 or 1", nameof(state)),
        };
        Seed = BinaryPrimitives.ReadUInt64LittleEndian(state[1..]);
        (_s0, _s1, _s2, _s3, _spareNormal) = (s0, s1, s2, s3, spareNormal);
    }

    /// <summary>A generator in the state <paramref name="state"/> (see <see cref="SetState"/>, which says what is refused).</summary>
    public static Generator FromState(ReadOnlySpan<byte> state)
    {
        var generator = new Generator(1UL);
        generator.SetState(state);
        return generator;
    }
}
