namespace Grader.Grading;

/// <summary>
/// A deterministic slice of a cohort, "k/N": a student belongs to shard k when a stable hash of the name (FNV-1a over
/// its UTF-16 code units) is k − 1 modulo N. A student's shard does not depend on who else handed in, so shards
/// graded on different machines from different copies of the folder still partition the cohort.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>"k/N" with 1 ≤ k ≤ N.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    public static Shard Parse(string text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && k >= 1 && k <= n)
        {
            return new Shard(k, n);
        }

        throw new FormatException($"'{text}' is not a shard: write k/N with 1 ≤ k ≤ N, e.g. --shard 2/4.");
    }

    /// <summary>True when the student is graded in this shard.</summary>
    public bool Includes(string student)
    {
        uint hash = 2166136261;
        foreach (char c in student)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash % (uint)Count == (uint)(Index - 1);
    }

    public override string ToString() => $"{Index}/{Count}";
}
