using Grader.Benchmarks.Cohort;
using Grader.Benchmarks.Workloads;

namespace Grader.Benchmarks.Steps;

/// <summary>
/// <c>steps [--only W4,W5] [--steps N | --steps W4=5,W5=600] [--block K]</c>: runs each workload N steps, one
/// after the other in one process (no peer; a workload's instance is dropped before the next is built), and prints,
/// per block of K steps, what would show something growing from step to step: steps per second of wall and CPU time,
/// bytes allocated per step, collections per step of each generation, the GC pause share, and the heap after the
/// block (total, and gen2 with the large-object heap). Used to find why a workload's rate falls round after round.
/// </summary>
public static class StepsMode
{
    public static int Run(string[] args)
    {
        int steps = 600, block = 50;
        var perWorkload = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string[]? only = null;
        ModeArguments.Read(args, (option, value) =>
        {
            switch (option)
            {
                case "--steps":
                    foreach (var part in ModeArguments.List(value()))
                        if (part.Split('=') is [var name, var count]) perWorkload[name] = ModeArguments.Int(count);
                        else steps = ModeArguments.Int(part);
                    break;
                case "--block": block = ModeArguments.Int(value()); break;
                case "--only": only = ModeArguments.List(value()); break;
                default: throw new ArgumentException($"unknown option '{option}' (steps takes --steps N, --block K, --only W1,W5)");
            }
        });
        if (steps <= 0 || block <= 0) throw new ArgumentException("--steps and --block must be positive");
        var workloads = WorkloadInfo.Only(only);

        Console.WriteLine($"gemm backend {blas_backend}, {Program.RunSettings()}, server GC {System.Runtime.GCSettings.IsServerGC}");
        foreach (var w in workloads)
        {
            Console.WriteLine($"{w.Name}: {w.Description}");
            Console.WriteLine("  steps     wall/s   cpu/s   MB alloc/step   gen0/step  gen1/step  gen2/step   GC pause %   heap MB  gen2+LOH MB  faults/step   load");
            var workload = w.Create();
            using var self = Process.GetCurrentProcess();
            int total = perWorkload.GetValueOrDefault(w.Name, steps);
            for (int done = 0; done < total; done += block)
            {
                int n = Math.Min(block, total - done);
                int c0 = GC.CollectionCount(0), c1 = GC.CollectionCount(1), c2 = GC.CollectionCount(2);
                long alloc = GC.GetAllocatedBytesForCurrentThread();
                var pause = GC.GetTotalPauseDuration();
                var faults = PageFaults.Read().minor;
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                for (int k = 0; k < n; k++) workload.Step();
                double wall = sw.Elapsed.TotalSeconds;
                self.Refresh();
                double cpuS = (self.TotalProcessorTime - cpu).TotalSeconds;
                double mb = (GC.GetAllocatedBytesForCurrentThread() - alloc) / 1e6 / n;
                double pausePct = 100 * (GC.GetTotalPauseDuration() - pause).TotalSeconds / wall;
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                double gen2 = info.GenerationInfo.Length > 3 ? (info.GenerationInfo[2].SizeAfterBytes + info.GenerationInfo[3].SizeAfterBytes) / 1e6 : double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {done + n,5}  {n / wall,9:F2}  {n / cpuS,6:F2}  {mb,14:F2}  {(GC.CollectionCount(0) - c0) / (double)n,9:F2}  {(GC.CollectionCount(1) - c1) / (double)n,9:F2}  {(GC.CollectionCount(2) - c2) / (double)n,9:F3}  {pausePct,10:F1}  {GC.GetTotalMemory(false) / 1e6,8:F1}  {gen2,11:F1}  {(PageFaults.Read().minor - faults) / (double)n,11:F0}   {LoadAverage.Read()}"));
            }
        }
        return 0;
    }
}
