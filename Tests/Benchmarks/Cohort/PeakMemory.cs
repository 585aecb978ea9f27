using System.Globalization;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// The peak resident memory of the grader (this process) and of the hand-ins' hosts during one run, from Linux's
/// <c>/proc</c>: the grader's <c>VmHWM</c> (reset at <see cref="Start"/> by writing 5 to <c>/proc/self/clear_refs</c>;
/// where that is refused, the peak since the process started), and the largest <c>VmHWM</c> any descendant process
/// reached, sampled every 50 ms (a host that lives less than 50 ms, or grows in its last 50 ms, may be missed or
/// undercounted). Descendants whose command line names the host (<c>grader-host</c> or <c>--host</c>) count as hosts,
/// the rest (a compile server) as other. Zero where <c>/proc</c> cannot be read.
/// </summary>
public sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly int _self = Environment.ProcessId;
    private long _host;
    private long _other;

    private PeakMemory(bool reset)
    {
        GraderReset = reset;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>True when the grader's peak was reset at the start (else it is the peak since the process started).</summary>
    public bool GraderReset { get; }

    /// <summary>Starts sampling.</summary>
    public static PeakMemory Start()
    {
        bool reset;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            reset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reset = false;
        }

        return new PeakMemory(reset);
    }

    /// <summary>Stops sampling and returns the peaks in bytes: the grader's, the largest host's, the largest other descendant's.</summary>
    public (long Grader, long Host, long Other) Stop()
    {
        _stop.Cancel();
        _sampling.Wait();
        Sample();
        return (HighWater(_self), Interlocked.Read(ref _host), Interlocked.Read(ref _other));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        string[] pids;
        try
        {
            pids = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n is not null && n.All(char.IsAsciiDigit)).ToArray()!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        var parents = new Dictionary<int, int>();
        foreach (var name in pids)
        {
            int pid = int.Parse(name, CultureInfo.InvariantCulture);
            if (Parent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        foreach (var (pid, _) in parents)
        {
            if (pid == _self || !Descends(pid, parents))
            {
                continue;
            }

            long peak = HighWater(pid);
            string command;
            try
            {
                command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            ref long slot = ref command.Contains("grader-host", StringComparison.Ordinal) || command.Contains(" --host", StringComparison.Ordinal) ? ref _host : ref _other;
            long seen;
            while (peak > (seen = Interlocked.Read(ref slot)) && Interlocked.CompareExchange(ref slot, peak, seen) != seen)
            {
            }
        }
    }

    private bool Descends(int pid, Dictionary<int, int> parents)
    {
        for (int i = 0; i < 64 && parents.TryGetValue(pid, out int parent); i++)
        {
            if (parent == _self)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    /// <summary>The parent's id from <c>/proc/&lt;pid&gt;/stat</c> (the field after the command's closing parenthesis and the state).</summary>
    private static int? Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>VmHWM in bytes; 0 when it cannot be read.</summary>
    private static long HighWater(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return 0;
    }
}
