namespace Grader.Runner.Host;

/// <summary>
/// The CPU time (user + system, all threads) a worker process and every process below it have used, read from Linux's
/// <c>/proc</c> from outside, so the hand-in cannot change it: <c>utime + stime + cutime + cstime</c> of
/// <c>/proc/&lt;pid&gt;/stat</c> for the process and each descendant (found through
/// <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/children</c>; a sandboxed host sits below <c>bwrap</c>). The kernel counts in
/// USER_HZ ticks (100 per second on every Linux ABI .NET runs on), so a reading is exact to 10 ms per process. Time a
/// process spends waiting (for the grader, for a core on a loaded machine, in a sleep) is not CPU time.
/// </summary>
public static class HostCpu
{
    /// <summary>Ticks per second of the times in <c>/proc/&lt;pid&gt;/stat</c> (USER_HZ).</summary>
    public const int TicksPerSecond = 100;

    // The /proc files are read into a buffer on the stack (whole, when longer: a process with many children), not
    // through File.ReadAllText's stream, reader and strings: the watchdog reads them for every process below each
    // running host twenty times a second (docs/measurements/2026-11-27-grading-overhead.md).
    private const int StatBytes = 1024;
    private const int ChildrenBytes = 512;

    /// <summary>The CPU time of <paramref name="pid"/> and its descendants; null when <c>/proc</c> does not show the process (gone, or not Linux).</summary>
    public static TimeSpan? Of(int pid)
    {
        long ticks = 0;
        var seen = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(pid);
        bool any = false;
        while (pending.Count > 0 && seen.Count < 4096)
        {
            int p = pending.Pop();
            if (!seen.Add(p) || Ticks(p) is not { } own)
            {
                continue;
            }

            any = true;
            ticks += own;
            foreach (var child in Children(p))
            {
                pending.Push(child);
            }
        }

        return any ? TimeSpan.FromSeconds((double)ticks / TicksPerSecond) : null;
    }

    /// <summary>utime + stime + cutime + cstime of one process, in ticks; null when it cannot be read.</summary>
    internal static long? Ticks(int pid) => Times(pid) is { } t ? t.Own + t.Reaped : null;

    /// <summary>
    /// The CPU time of one process in ticks: its own (utime + stime) and its reaped children's (cutime + cstime); null
    /// when <c>/proc/&lt;pid&gt;/stat</c> cannot be read.
    /// </summary>
    public static (long Own, long Reaped)? Times(int pid)
    {
        Span<byte> buffer = stackalloc byte[StatBytes];
        return Read($"/proc/{pid}/stat", buffer, out var stat) ? ParseStat(stat) : null;
    }

    /// <summary>
    /// utime + stime and cutime + cstime of one <c>/proc/&lt;pid&gt;/stat</c> text; null when it does not have them. The
    /// command name (field 2) is in parentheses and may itself hold spaces or ')': the fields after the last ')' start at
    /// field 3.
    /// </summary>
    internal static (long Own, long Reaped)? ParseStat(ReadOnlySpan<byte> stat)
    {
        int close = stat.LastIndexOf((byte)')');
        if (close < 0)
        {
            return null;
        }

        // After the ')': field 3 (state) is the first; utime, stime, cutime, cstime are fields 14–17.
        var rest = stat[(close + 1)..];
        Span<long> v = stackalloc long[4];
        int field = 2;
        int found = 0;
        while (found < 4)
        {
            rest = rest.TrimStart((byte)' ');
            if (rest.IsEmpty)
            {
                return null;
            }

            int end = rest.IndexOf((byte)' ');
            var token = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[end..];
            field++;
            if (field >= 14)
            {
                if (!long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out v[found]))
                {
                    return null;
                }

                found++;
            }
        }

        return (v[0] + v[1], v[2] + v[3]);
    }

    /// <summary>The children of every thread of <paramref name="pid"/> (<c>/proc/pid/task/*/children</c>, readable by anyone); none when <c>/proc</c> does not show them.</summary>
    public static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var children = new List<int>();
        Span<byte> buffer = stackalloc byte[ChildrenBytes];
        foreach (var task in tasks)
        {
            if (Read(Path.Combine(task, "children"), buffer, out var text))
            {
                ParseChildren(text, children);
            }
        }

        return children;
    }

    /// <summary>Adds each process id of a <c>children</c> file's text (ids separated by spaces) to <paramref name="children"/>.</summary>
    internal static void ParseChildren(ReadOnlySpan<byte> text, List<int> children)
    {
        foreach (var range in text.Split((byte)' '))
        {
            var item = text[range].Trim((byte)'\n');
            if (!item.IsEmpty && int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int child))
            {
                children.Add(child);
            }
        }
    }

    /// <summary>Reads the /proc file <paramref name="path"/>: into <paramref name="buffer"/> when it fits, else whole; false when it cannot be read.</summary>
    private static bool Read(string path, Span<byte> buffer, out ReadOnlySpan<byte> text)
    {
        text = default;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            int length = 0;
            while (length < buffer.Length && RandomAccess.Read(handle, buffer[length..], length) is var read and > 0)
            {
                length += read;
            }

            // A /proc file's length is unknown before it is read: a full buffer may be a cut one, so read it again whole.
            text = length < buffer.Length ? buffer[..length] : File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
