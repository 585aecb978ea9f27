using System.Diagnostics;

namespace Grader.Web.Tests.Serve;

/// <summary>
/// Where the course loop's sequences spend their wall time (<c>GRADER_COURSE_LOOP_PROFILE=1</c>): the time and count of
/// each named phase with the process's CPU meanwhile (the sequences run one at a time, the server in the same process, so
/// that is the phase's CPU and the background writes it waits for), and the process's CPU over the run; a measurement
/// aid, asserting nothing.
/// </summary>
internal sealed class CourseLoopProfile
{
    private readonly Dictionary<string, (TimeSpan Time, TimeSpan Cpu, int Count)> _phases = new(StringComparer.Ordinal);
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Times <paramref name="phase"/> until the result is disposed.</summary>
    public IDisposable Time(string phase) => new Timing(this, phase, Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

    /// <summary>One line per phase, slowest first, and the sequences (each opens one fresh copy, <paramref name="open"/>) per second of wall and of CPU.</summary>
    public string Report(string open)
    {
        var sequences = _phases.GetValueOrDefault(open).Count;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        var lines = _phases.OrderByDescending(p => p.Value.Time).Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"  {p.Key}: {p.Value.Time.TotalSeconds:F1} s in {p.Value.Count} ({p.Value.Time.TotalMilliseconds / p.Value.Count:F1} ms each; process CPU meanwhile {p.Value.Cpu.TotalMilliseconds / p.Value.Count:F1} ms each)"));
        return string.Create(CultureInfo.InvariantCulture,
            $"course loops: {sequences} sequences in {_wall.Elapsed.TotalSeconds:F1} s wall ({sequences / _wall.Elapsed.TotalSeconds:F2}/s), {cpu.TotalSeconds:F1} s CPU of the process ({cpu.TotalSeconds / Math.Max(1, sequences):F3} s a sequence)\n")
            + string.Join("\n", lines);
    }

    private sealed class Timing(CourseLoopProfile profile, string phase, Stopwatch watch, TimeSpan cpu) : IDisposable
    {
        public void Dispose()
        {
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            lock (profile._phases)
            {
                var had = profile._phases.GetValueOrDefault(phase);
                profile._phases[phase] = (had.Time + watch.Elapsed, had.Cpu + used, had.Count + 1);
            }
        }
    }
}
