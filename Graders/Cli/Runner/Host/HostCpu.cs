namespace Grader.Cli.Runner.Host;

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
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces or ')': the fields after the last ')' start at field 3.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14–17.
        var v = new long[4];
        for (int i = 0; i < 4; i++)
        {
            if (fields.Length <= 11 + i || !long.TryParse(fields[11 + i], NumberStyles.Integer, CultureInfo.InvariantCulture, out v[i]))
            {
                return null;
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
            yield break;
        }

        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int child))
                {
                    yield return child;
                }
            }
        }
    }
}
