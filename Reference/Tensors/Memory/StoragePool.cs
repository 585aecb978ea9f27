namespace Grader.Tensors;

/// <summary>
/// Float arrays that <see cref="MemoryScope"/>s and the backward pass gave back, kept for the next op that needs one of
/// the same size class (as PyTorch's allocator hands back a block it just freed, still in the cache and already
/// mapped; a fresh managed array is neither, and the collector returns its pages to the OS between collections).
/// <list type="bullet">
/// <item>Size classes: eight per octave (a request of n ≥ 64 elements gets an array rounded up to the next class,
/// at most 12.5 % longer); smaller requests and arrays above 2²⁸ elements are not pooled.</item>
/// <item>Shared by all threads: one lock per size class (a pooled array is never handed out twice: it is popped under
/// the lock, and only a scope's release pushes it back).</item>
/// <item>Bounded: at most <see cref="MaxPooledBytes"/> are kept (¼ of the memory the collector may use, at most
/// 1 GiB); after each gen-2 collection, classes nobody rented from since the previous one are emptied.</item>
/// <item><c>GRADER_TENSORS_POOL=0</c> in the environment turns reuse off (scopes still release, for comparisons).</item>
/// </list>
/// </summary>
internal static class StoragePool
{
    public const string DisableVariable = "GRADER_TENSORS_POOL";

    /// <summary>Requests below this many elements get a plain array (a pool round trip costs more than it saves).</summary>
    public const int MinPooledLength = 64;

    private const int MaxPooledLength = 1 << 28;
    private const int ClassesPerOctave = 8;

    private static readonly Bucket[] Buckets = CreateBuckets();
    private static long _pooledBytes;

    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(DisableVariable) != "0";

    /// <summary>The most bytes the pool keeps; arrays returned beyond it go to the garbage collector.</summary>
    public static long MaxPooledBytes { get; } = Math.Min(1L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>Bytes held now (for tests and the benchmark).</summary>
    public static long PooledBytes => Interlocked.Read(ref _pooledBytes);

    static StoragePool()
    {
        if (Enabled) _ = new Gen2Trimmer();
    }

    /// <summary>The length a request of <paramref name="n"/> elements is rounded up to, or −1 when it is not pooled.</summary>
    public static int ClassLength(int n)
    {
        if (n < MinPooledLength || n > MaxPooledLength) return -1;
        int k = 31 - int.LeadingZeroCount(n);
        int step = 1 << (k - 3);
        return (int)(((long)n + step - 1) / step * step);
    }

    /// <summary>Bucket of a class length (a value <see cref="ClassLength"/> returns).</summary>
    private static int BucketIndex(int classLength)
    {
        int k = 31 - int.LeadingZeroCount(classLength);
        int step = 1 << (k - 3);
        return k * ClassesPerOctave + classLength / step - ClassesPerOctave;
    }

    /// <summary>
    /// An array of at least <paramref name="n"/> elements, uninitialised; <paramref name="pooled"/> says whether it may
    /// go back through <see cref="Return"/> (arrays outside the size classes may not).
    /// </summary>
    public static float[] Rent(int n, out bool pooled)
    {
        int length = Enabled ? ClassLength(n) : -1;
        pooled = length > 0;
        if (!pooled) return GC.AllocateUninitializedArray<float>(n);
        var bucket = Buckets[BucketIndex(length)];
        lock (bucket)
        {
            bucket.Rents++;
            if (bucket.Arrays.TryPop(out var array))
            {
                Interlocked.Add(ref _pooledBytes, -4L * length);
                return array;
            }
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Takes back an array <see cref="Rent"/> handed out as pooled; no tensor may use it afterwards.</summary>
    public static void Return(float[] array)
    {
        long bytes = 4L * array.Length;
        if (Interlocked.Add(ref _pooledBytes, bytes) > MaxPooledBytes)
        {
            Interlocked.Add(ref _pooledBytes, -bytes);
            return;
        }
        var bucket = Buckets[BucketIndex(array.Length)];
        lock (bucket) bucket.Arrays.Push(array);
    }

    /// <summary>Empties every class that nobody rented from since the previous trim.</summary>
    internal static void Trim()
    {
        foreach (var bucket in Buckets)
            lock (bucket)
            {
                if (bucket.Rents == 0)
                    while (bucket.Arrays.TryPop(out var array)) Interlocked.Add(ref _pooledBytes, -4L * array.Length);
                bucket.Rents = 0;
            }
    }

    /// <summary>How many arrays the class of <paramref name="n"/> holds now (tests).</summary>
    internal static int Held(int n)
    {
        int length = ClassLength(n);
        if (length < 0) return 0;
        var bucket = Buckets[BucketIndex(length)];
        lock (bucket) return bucket.Arrays.Count;
    }

    /// <summary>Drops every pooled array (tests).</summary>
    internal static void Clear()
    {
        foreach (var bucket in Buckets)
            lock (bucket)
                while (bucket.Arrays.TryPop(out var array)) Interlocked.Add(ref _pooledBytes, -4L * array.Length);
    }

    private static Bucket[] CreateBuckets()
    {
        var buckets = new Bucket[32 * ClassesPerOctave];
        for (int i = 0; i < buckets.Length; i++) buckets[i] = new Bucket();
        return buckets;
    }

    private sealed class Bucket
    {
        public readonly Stack<float[]> Arrays = new();
        public long Rents;
    }

    /// <summary>Finalised at each gen-2 collection (it re-registers itself), when it trims the pool.</summary>
    private sealed class Gen2Trimmer
    {
        ~Gen2Trimmer()
        {
            if (Environment.HasShutdownStarted) return;
            Trim();
            GC.ReRegisterForFinalize(this);
        }
    }
}
