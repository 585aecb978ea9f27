using System.Runtime.InteropServices;
using System.Text;
using Grader.Benchmarks.Workloads;

namespace Grader.Benchmarks.Peer;

/// <summary>One workload's result: every round of each side, and the medians (wall time, and CPU time).</summary>
public sealed record PeerResult(WorkloadInfo Workload, Rate[] CSharpRounds, Rate[] TorchRounds)
{
    public double CSharpStepsPerSecond => Median(CSharpRounds.Select(r => r.PerSecond));
    public double TorchStepsPerSecond => Median(TorchRounds.Select(r => r.PerSecond));
    public double Ratio => CSharpStepsPerSecond / TorchStepsPerSecond;

    /// <summary>The ratio of steps per CPU-second, which other load on the machine disturbs much less than wall time.</summary>
    public double CpuRatio => Median(CSharpRounds.Select(r => r.PerCpuSecond)) / Median(TorchRounds.Select(r => r.PerCpuSecond));

    private static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}

/// <summary>
/// <c>peer [--seconds S] [--rounds R] [--only W1,W3]</c>: for each workload, R rounds that alternate S seconds of
/// the C# workload and S seconds of the same workload in PyTorch, then the median steps/s of each side.
/// Both sides are single-threaded (see <see cref="Program"/>).
/// </summary>
public static class PeerMode
{
    public static int Run(string[] args)
    {
        double seconds = 3;
        int rounds = 3;
        string[]? only = null;
        ModeArguments.Read(args, (option, value) =>
        {
            switch (option)
            {
                case "--seconds": seconds = ModeArguments.Double(value()); break;
                case "--rounds": rounds = ModeArguments.Int(value()); break;
                case "--only": only = ModeArguments.List(value()); break;
                default: throw new ArgumentException($"unknown option '{option}' (peer takes --seconds S, --rounds R, --only W1,W3)");
            }
        });
        if (seconds <= 0 || rounds <= 0) throw new ArgumentException("--seconds and --rounds must be positive");
        var workloads = WorkloadInfo.Only(only);

        PythonPeer peer;
        try { peer = PythonPeer.Start(FindScript()); }
        catch (PeerUnavailableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var results = new List<PeerResult>();
        using (peer)
        {
            Console.WriteLine($"PyTorch {peer.TorchVersion} ({peer.Threads} thread), Grader.Tensors gemm backend: {blas_backend} ({ArithmeticProfile.Current}), " +
                              $"{Program.RunSettings()}; {rounds} rounds of {seconds} s per side");
            foreach (var w in workloads)
            {
                Console.Write($"{w.Name}: setting up …");
                var cs = w.Create();
                var csRounds = new Rate[rounds];
                var ptRounds = new Rate[rounds];
                for (int r = 0; r < rounds; r++)
                {
                    (csRounds[r], var gc) = Measure(cs, seconds);
                    ptRounds[r] = peer.Run(w.Name, seconds);
                    Console.Write($" | round {r + 1}: C# {csRounds[r].PerSecond:F2} (cpu {csRounds[r].PerCpuSecond:F2}; {gc}), PyTorch {ptRounds[r].PerSecond:F2} (cpu {ptRounds[r].PerCpuSecond:F2})");
                }
                Console.WriteLine();
                results.Add(new PeerResult(w, csRounds, ptRounds));
            }
            var table = FormatText(results);
            Console.WriteLine();
            Console.WriteLine(table);
            var path = WriteMarkdown(results, peer, seconds, rounds);
            Console.WriteLine($"written: {path}");
        }
        return 0;
    }

    /// <summary>
    /// Steps until at least <paramref name="seconds"/> have passed, as the Python side counts them; with the round's
    /// allocations and collections per step and the heap after it (to see anything that grows from round to round).
    /// </summary>
    private static (Rate rate, string gc) Measure(IWorkload w, double seconds)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        int c0 = GC.CollectionCount(0), c1 = GC.CollectionCount(1), c2 = GC.CollectionCount(2);
        long alloc = GC.GetAllocatedBytesForCurrentThread();
        var pause = GC.GetTotalPauseDuration();
        long faults = Steps.PageFaults.Read().minor;
        var cpu0 = self.TotalProcessorTime;
        int steps = 0;
        var sw = Stopwatch.StartNew();
        double elapsed;
        while (true)
        {
            w.Step();
            steps++;
            elapsed = sw.Elapsed.TotalSeconds;
            if (elapsed >= seconds) break;
        }
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
        var gc = string.Create(CultureInfo.InvariantCulture,
            $"{(GC.GetAllocatedBytesForCurrentThread() - alloc) / 1e6 / steps:F1} MB/step, GCs/step {(GC.CollectionCount(0) - c0) / (double)steps:F2}/{(GC.CollectionCount(1) - c1) / (double)steps:F2}/{(GC.CollectionCount(2) - c2) / (double)steps:F3}, pause {100 * (GC.GetTotalPauseDuration() - pause).TotalSeconds / elapsed:F0} %, heap {GC.GetTotalMemory(false) / 1e6:F0} MB, {(Steps.PageFaults.Read().minor - faults) / (double)steps:F0} page faults/step");
        return (new Rate(steps / elapsed, cpu > 0 ? steps / cpu : double.NaN), gc);
    }

    private static string FindScript()
    {
        var next = Path.Combine(AppContext.BaseDirectory, "Peer", "workloads.py");
        if (File.Exists(next)) return next;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Tests", "Benchmarks", "Peer", "workloads.py");
            if (File.Exists(candidate)) return candidate;
        }
        return next;
    }

    private static string F(double v) => v.ToString(v >= 100 ? "F1" : "F2", CultureInfo.InvariantCulture);

    private static string FormatText(IReadOnlyList<PeerResult> results)
    {
        string[] head = ["workload", "description", "C# steps/s", "PyTorch steps/s", "C#/PyTorch", "(CPU time)", "gemm"];
        var rows = results.Select(r => new[] { r.Workload.Name, r.Workload.Description, F(r.CSharpStepsPerSecond), F(r.TorchStepsPerSecond),
            r.Ratio.ToString("F2", CultureInfo.InvariantCulture), r.CpuRatio.ToString("F2", CultureInfo.InvariantCulture), blas_backend }).ToList();
        var widths = head.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        bool[] right = [false, false, true, true, true, true, false];
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => right[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        var sb = new StringBuilder();
        sb.AppendLine(Line(head));
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in rows) sb.AppendLine(Line(r));
        return sb.ToString().TrimEnd();
    }

    private static string WriteMarkdown(IReadOnlyList<PeerResult> results, PythonPeer peer, double seconds, int rounds)
    {
        var dir = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "peer-results.md");
        var sb = new StringBuilder();
        sb.AppendLine("# Grader.Tensors vs PyTorch: steps per second");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average at the end: {LoadAverage()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- machine: {CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- C#: {RuntimeInformation.FrameworkDescription}, gemm backend {blas_backend}, environment: {Program.RunSettings()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- PyTorch: {peer.TorchVersion}, {peer.Threads} thread");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- method: {rounds} alternating rounds of {seconds.ToString(CultureInfo.InvariantCulture)} s per side, median steps/s per side");
        sb.AppendLine();
        sb.AppendLine("C#/PyTorch is the ratio of the median steps per second of wall time; \"CPU time\" is the same ratio per second of");
        sb.AppendLine("each process's CPU time (all threads, user + system), which other load on the machine disturbs much less.");
        sb.AppendLine();
        sb.AppendLine("| workload | description | C# steps/s | PyTorch steps/s | C#/PyTorch | (CPU time) | gemm | C# rounds | PyTorch rounds |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---|---|---|");
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Workload.Name} | {r.Workload.Description} | {F(r.CSharpStepsPerSecond)} | {F(r.TorchStepsPerSecond)} | {r.Ratio:F2} | {r.CpuRatio:F2} | {blas_backend} | {string.Join(", ", r.CSharpRounds.Select(x => F(x.PerSecond)))} | {string.Join(", ", r.TorchRounds.Select(x => F(x.PerSecond)))} |");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    internal static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line != null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
