using Grader.Runner.Host;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// The peak resident memory of the grader (this process) and of the hand-ins' hosts during one run, from Linux's
/// <c>/proc</c>: the grader's <c>VmHWM</c> (reset at <see cref="Start"/> by writing 5 to <c>/proc/self/clear_refs</c>;
/// where that is refused, the peak since the process started), and the largest <c>VmHWM</c> any descendant process
/// reached, sampled every 50 ms (a host that lives less than 50 ms, or grows in its last 50 ms, may be missed or
/// undercounted). Descendants whose command line names the host (<c>grader-host</c> or <c>--host</c>) count as hosts,
/// the rest (a compile server) as other. Where the grader is itself a child (<c>cohort --process</c>), its peak is that
/// of the descendant that runs <c>grader.dll grade</c>, and this process's own is not read. Zero where <c>/proc</c>
/// cannot be read.
/// </summary>
public sealed class PeakMemory : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly int _self = Environment.ProcessId;
    private readonly bool _graderIsChild;
    private long _grader;
    private long _host;
    private long _other;
    private readonly Dictionary<int, string> _commands = [];

    private PeakMemory(bool reset, bool graderIsChild)
    {
        GraderReset = reset;
        _graderIsChild = graderIsChild;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>True when the grader's peak was reset at the start (else it is the peak since the process started).</summary>
    public bool GraderReset { get; }

    /// <summary>Starts sampling; <paramref name="graderIsChild"/>: the grader is a descendant (<c>grader.dll grade</c>), not this process.</summary>
    public static PeakMemory Start(bool graderIsChild = false)
    {
        bool reset;
        if (graderIsChild)
        {
            return new PeakMemory(true, true);
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            reset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reset = false;
        }

        return new PeakMemory(reset, false);
    }

    /// <summary>Stops sampling and returns the peaks in bytes: the grader's, the largest host's, the largest other descendant's.</summary>
    public (long Grader, long Host, long Other) Stop()
    {
        _stop.Cancel();
        _sampling.Wait();
        Sample();
        return (_graderIsChild ? Interlocked.Read(ref _grader) : HighWater(_self), Interlocked.Read(ref _host), Interlocked.Read(ref _other));
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
        // Only this process's descendants, found through each thread's children list (reading every process of a busy
        // machine every 50 ms cost the grader a few per cent of its CPU); a pid's command line is read once.
        var seen = new HashSet<int> { _self };
        var pending = new Stack<int>(HostCpu.Children(_self));
        while (pending.Count > 0 && seen.Count < 4096)
        {
            int pid = pending.Pop();
            if (!seen.Add(pid))
            {
                continue;
            }

            foreach (var child in HostCpu.Children(pid))
            {
                pending.Push(child);
            }

            if (!_commands.TryGetValue(pid, out var command))
            {
                try
                {
                    command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (command.Length == 0 || command.Contains("Grader.Benchmarks", StringComparison.Ordinal))
                {
                    continue; // not exec'd yet (a forked child shows its parent's command line until it execs): read again next time
                }

                _commands[pid] = command;
            }

            long peak = HighWater(pid);
            ref long slot = ref command.Contains("grader-host", StringComparison.Ordinal) || command.Contains(" --host", StringComparison.Ordinal) ? ref _host
                : ref _graderIsChild && command.Contains("grader.dll grade ", StringComparison.Ordinal) ? ref _grader : ref _other;
            long old;
            while (peak > (old = Interlocked.Read(ref slot)) && Interlocked.CompareExchange(ref slot, peak, old) != old)
            {
            }
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
