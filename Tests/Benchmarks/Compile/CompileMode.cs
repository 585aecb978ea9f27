using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Grader.Benchmarks.Compile;

/// <summary><c>compile [BenchmarkDotNet options]</c>: the <see cref="CompileBenchmarks"/> in process, side by side in one run.</summary>
public static class CompileMode
{
    public static int Run(string[] args)
    {
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15).WithId("InProcess");
        var summary = BenchmarkRunner.Run<CompileBenchmarks>(DefaultConfig.Instance.AddJob(job), args);
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
