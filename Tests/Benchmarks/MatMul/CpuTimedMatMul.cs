using System.Runtime.InteropServices;

namespace Grader.Benchmarks.MatMul;

/// <summary>
/// <c>matmul --cpu [--rounds R] [--seconds S]</c>: the <see cref="MatMulBenchmarks"/> cases timed by this thread's CPU
/// time (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), OpenBLAS and the managed kernel alternating within each round
/// for S CPU-seconds each; prints GFLOP per CPU-second, the median over R rounds. On a loaded machine wall-clock
/// timings of either kernel swing with the other jobs, CPU time much less (both single-threaded, same process).
/// </summary>
public static class CpuTimedMatMul
{
    public static int Run(int rounds, double seconds)
    {
        if (!Gemm.NativeAvailable) throw new InvalidOperationException($"OpenBLAS is not available here; install it with {Peer.PythonPeer.InstallHint}");
        Console.WriteLine($"GFLOP per CPU-second, median of {rounds} rounds of {seconds} s per kernel (single-threaded; {Program.RunSettings()}; load {LoadAverage()}):");
        foreach (var c in MatMulBenchmarks.Cases)
        {
            var bench = new MatMulBenchmarks { Case = c };
            bench.Setup();
            bench.OpenBlas(); bench.Managed();
            bool skinny = SkinnyGemm.IsSupported && SkinnyGemm.Takes(c.TransA, c.TransB, c.M, c.N, c.K);
            if (skinny) bench.Skinny();
            var blas = new List<double>();
            var managed = new List<double>();
            var thin = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                blas.Add(c.Flops * Calls(bench.OpenBlas, seconds, out double b) / b / 1e9);
                managed.Add(c.Flops * Calls(bench.Managed, seconds, out double m) / m / 1e9);
                if (skinny) thin.Add(c.Flops * Calls(bench.Skinny, seconds, out double t) / t / 1e9);
            }
            double mb = Median(blas), mm = Median(managed);
            string skinnyColumn = skinny ? string.Create(CultureInfo.InvariantCulture, $"   skinny {Median(thin),7:F1} ({Median(thin) / mb:F2})") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c,-32} OpenBLAS {mb,7:F1}   managed {mm,7:F1}   managed/OpenBLAS {mm / mb:F2}{skinnyColumn}   (rounds: {string.Join(" ", blas.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} | {string.Join(" ", managed.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))})"));
        }
        Console.WriteLine($"load {LoadAverage()}");
        return 0;
    }

    internal static long Calls(Action run, double seconds, out double cpuSeconds)
    {
        long calls = 0;
        double start = ThreadCpuSeconds();
        do { run(); calls++; cpuSeconds = ThreadCpuSeconds() - start; } while (cpuSeconds < seconds);
        return calls;
    }

    internal static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec ts);

    private const int ClockThreadCpuTime = 3;

    private static double ThreadCpuSeconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var ts) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return ts.Seconds + ts.Nanoseconds * 1e-9;
    }
}
