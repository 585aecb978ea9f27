using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Grader.Benchmarks.MatMul;

/// <summary>
/// <c>matmul [BenchmarkDotNet options]</c>: the <see cref="MatMulBenchmarks"/> in process (OpenBLAS is already
/// single-threaded by then, see <see cref="Program"/>), with a GFLOP/s column and a closing summary line per size;
/// <c>matmul --cpu [--rounds R] [--seconds S]</c> instead times them by CPU time (<see cref="CpuTimedMatMul"/>), and
/// <c>matmul --cpu --epilogue</c> the layers' bias and activation fused into the kernel against separate passes (<see cref="CpuTimedEpilogue"/>).
/// </summary>
public static class MatMulMode
{
    public static int Run(string[] args)
    {
        if (args.Contains("--cpu"))
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            int rounds = Value("--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
            double seconds = Value("--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 0.3;
            return args.Contains("--epilogue") ? CpuTimedEpilogue.Run(rounds, seconds) : CpuTimedMatMul.Run(rounds, seconds);
        }
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess");
        var config = DefaultConfig.Instance.AddJob(job).AddColumn(GflopsColumn.Default).WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(48));
        var summary = BenchmarkRunner.Run<MatMulBenchmarks>(config, args);
        Console.WriteLine();
        Console.WriteLine($"GFLOP/s (single-threaded; {Program.RunSettings()}):");
        foreach (var group in summary.BenchmarksCases.GroupBy(b => b.Parameters[nameof(MatMulBenchmarks.Case)]?.ToString() ?? "?"))
        {
            double? Of(string method) => group.Where(b => b.Descriptor.WorkloadMethod.Name == method).Select(b => GflopsColumn.Gflops(summary, b)).FirstOrDefault();
            var blas = Of(nameof(MatMulBenchmarks.OpenBlas));
            var managed = Of(nameof(MatMulBenchmarks.Managed));
            string Fmt(double? v) => v is double d ? d.ToString("F2", CultureInfo.InvariantCulture) : "NA";
            string ratio = blas is double x && managed is double y && y > 0 ? (x / y).ToString("F1", CultureInfo.InvariantCulture) + "x" : "NA";
            Console.WriteLine($"  {group.Key,-32} OpenBLAS {Fmt(blas),8}   managed {Fmt(managed),8}   OpenBLAS/managed {ratio}");
        }
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
