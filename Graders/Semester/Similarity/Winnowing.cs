namespace Grader.Semester.Similarity;

/// <summary>
/// MOSS's winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003): hash every run of <see cref="K"/> tokens, and in each
/// window of <see cref="Window"/> consecutive hashes keep the smallest (the rightmost on ties). Every match of at least
/// K + Window − 1 tokens shares a kept hash; a match shorter than K tokens never does.
/// </summary>
/// <param name="K">Tokens per hashed run (noise threshold).</param>
/// <param name="Window">Hashes per window.</param>
public sealed record Winnowing(int K, int Window)
{
    /// <summary>12-token runs, windows of 8: matches of 19 tokens and more (about two statements) are always found.</summary>
    public static readonly Winnowing Default = new(12, 8);

    /// <summary>The hash of each run of <see cref="K"/> tokens starting at 0 … n − K (FNV-1a over the token kinds).</summary>
    public ulong[] Hashes(int[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        int n = kinds.Length - K + 1;
        if (n <= 0)
        {
            return [];
        }

        var hashes = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ulong h = 14695981039346656037UL;
            for (int j = 0; j < K; j++)
            {
                h = (h ^ (uint)kinds[i + j]) * 1099511628211UL;
            }

            hashes[i] = h;
        }

        return hashes;
    }

    /// <summary>The kept fingerprints: hash → the token positions where its run starts.</summary>
    public Dictionary<ulong, List<int>> Fingerprints(int[] kinds)
    {
        var hashes = Hashes(kinds);
        var kept = new Dictionary<ulong, List<int>>();
        int last = -1;
        int windows = hashes.Length == 0 ? 0 : Math.Max(1, hashes.Length - Window + 1);
        for (int start = 0; start < windows; start++)
        {
            int end = Math.Min(hashes.Length, start + Window);
            int min = start;
            for (int i = start; i < end; i++)
            {
                if (hashes[i] <= hashes[min])
                {
                    min = i;
                }
            }

            if (min != last)
            {
                if (!kept.TryGetValue(hashes[min], out var at))
                {
                    kept[hashes[min]] = at = [];
                }

                at.Add(min);
                last = min;
            }
        }

        return kept;
    }
}
