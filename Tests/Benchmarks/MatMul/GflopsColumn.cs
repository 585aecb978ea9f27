using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Grader.Benchmarks.MatMul;

/// <summary>GFLOP/s of a <see cref="MatMulBenchmarks"/> case: 2·m·n·k divided by the mean time in ns.</summary>
public sealed class GflopsColumn : IColumn
{
    public static readonly GflopsColumn Default = new();

    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "2·m·n·k / mean time (10⁹ floating-point operations per second)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Gflops(summary, benchmarkCase) is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "NA";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <summary>GFLOP/s of one case, or null when it has no measurements or no <see cref="MatMulCase"/> parameter.</summary>
    public static double? Gflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.Mean <= 0) return null;
        if (benchmarkCase.Parameters[nameof(MatMulBenchmarks.Case)] is not MatMulCase c) return null;
        return c.Flops / stats.Mean;   // flop per ns = GFLOP/s
    }
}
