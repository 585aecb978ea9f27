// Old (3cfa0ca's HostCpu, File.ReadAllText) against the new HostCpu (compiled from the worktree), on one live process
// tree: readings of HostCpu.Of, alternating blocks, CPU of this process per reading (Process.TotalProcessorTime).
global using System.Globalization;
using System.Diagnostics;
using Grader.Runner.Host;

static class Old
{
    public static TimeSpan? Of(int pid)
    {
        long ticks = 0; var seen = new HashSet<int>(); var pending = new Stack<int>(); pending.Push(pid); bool any = false;
        while (pending.Count > 0 && seen.Count < 4096)
        {
            int p = pending.Pop();
            if (!seen.Add(p) || Ticks(p) is not { } own) continue;
            any = true; ticks += own;
            foreach (var child in Children(p)) pending.Push(child);
        }
        return any ? TimeSpan.FromSeconds((double)ticks / 100) : null;
    }
    static long? Ticks(int pid) => Times(pid) is { } t ? t.Own + t.Reaped : null;
    static (long Own, long Reaped)? Times(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        int close = stat.LastIndexOf(')'); if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var v = new long[4];
        for (int i = 0; i < 4; i++) if (fields.Length <= 11 + i || !long.TryParse(fields[11 + i], NumberStyles.Integer, CultureInfo.InvariantCulture, out v[i])) return null;
        return (v[0] + v[1], v[2] + v[3]);
    }
    static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try { tasks = Directory.GetDirectories($"/proc/{pid}/task"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { yield break; }
        foreach (var task in tasks)
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(task, "children")); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int child)) yield return child;
        }
    }
}

static class Program
{
    static int Main(string[] args)
    {
        int pid = int.Parse(args[0]); int n = int.Parse(args[1]); int rounds = int.Parse(args[2]);
        var self = Process.GetCurrentProcess();
        // Same answers first.
        for (int i = 0; i < 20; i++)
        {
            var a = Old.Of(pid); var b = HostCpu.Of(pid); var c = Old.Of(pid);
            if (!(a <= b && b <= c)) { Console.WriteLine($"MISMATCH {a} {b} {c}"); return 1; }
        }
        for (int r = 0; r < rounds; r++)
        {
            foreach (var (name, f) in new (string, Func<int, TimeSpan?>)[] { ("old", Old.Of), ("new", HostCpu.Of) })
            {
                self.Refresh(); var t0 = self.TotalProcessorTime;
                for (int i = 0; i < n; i++) f(pid);
                self.Refresh(); var t1 = self.TotalProcessorTime;
                Console.WriteLine($"{name} {(t1 - t0).TotalMilliseconds * 1000 / n:F1} us/reading");
            }
        }
        return 0;
    }
}
