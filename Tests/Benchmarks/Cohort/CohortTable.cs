using Grader.Checks.Results;
using System.Text;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// The cohort results as a Markdown table: one row per run (the j2/j1 ratio against the -j 1 run of the same round),
/// and with more than one round a median row per job count.
/// </summary>
public static class CohortTable
{
    /// <summary>The table, header row first.</summary>
    public static string Format(IReadOnlyList<CohortRunResult> runs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| round | -j | hand-ins | wall s | hand-ins/min | j2/j1 | load before → after | total Σ / med s | startup Σ / med s | compile Σ / med s | checks Σ / med s | other Σ / med s | worker runs Σ / med | graded / no compile / timed out / crashed | peak MiB grader / host | CPU s grader / servers / hosts | hand-ins per CPU-min |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var run in runs.OrderBy(r => r.Round).ThenBy(r => r.Jobs))
        {
            var ratio = Ratio(runs, run);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Round} | {run.Jobs} | {run.Handins.Count} | {S(run.Wall.TotalSeconds)} | {S(run.PerMinute)} | {(ratio is { } x ? R(x) : "")} | {run.LoadBefore} → {run.LoadAfter} " +
                $"| {Pair(run, h => h.Total)} | {Pair(run, h => h.Timing.Startup)} | {Pair(run, h => h.Timing.Compile)} | {Pair(run, h => h.Checks)} | {Pair(run, h => h.Other)} " +
                $"| {run.Handins.Sum(h => h.Timing.WorkerRuns)} / {S(Median(run.Handins.Select(h => (double)h.Timing.WorkerRuns)))} " +
                $"| {run.Count(HandinStatus.Graded)} / {run.Count(HandinStatus.CompileFailed)} / {run.Count(HandinStatus.TimedOut)} / {run.Count(HandinStatus.Crashed)} | {run.PeakGrader >> 20} / {run.PeakHost >> 20} " +
                $"| {CpuSplit(run)} | {(run.PerCpuMinute is { } c ? S(c) : "?")} |");
        }

        if (runs.Select(r => r.Round).Distinct().Count() > 1)
        {
            foreach (var group in runs.GroupBy(r => r.Jobs).OrderBy(g => g.Key))
            {
                var all = group.ToArray();
                var ratios = all.Select(r => Ratio(runs, r)).OfType<double>().ToArray();
                string MedianPair(Func<CohortHandin, TimeSpan> part) =>
                    $"{S(Median(all.Select(r => r.Handins.Sum(h => part(h).TotalSeconds))))} / {S(Median(all.Select(r => Median(r.Handins.Select(h => part(h).TotalSeconds)))))}";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| median of {all.Length} | {group.Key} | {all[0].Handins.Count} | {S(Median(all.Select(r => r.Wall.TotalSeconds)))} | {S(Median(all.Select(r => r.PerMinute)))} " +
                    $"| {(ratios.Length > 0 ? R(Median(ratios)) : "")} | | {MedianPair(h => h.Total)} | {MedianPair(h => h.Timing.Startup)} | {MedianPair(h => h.Timing.Compile)} " +
                    $"| {MedianPair(h => h.Checks)} | {MedianPair(h => h.Other)} | {S(Median(all.Select(r => (double)r.Handins.Sum(h => h.Timing.WorkerRuns))))} / {S(Median(all.Select(r => Median(r.Handins.Select(h => (double)h.Timing.WorkerRuns)))))} | | {S(Median(all.Select(r => (double)(r.PeakGrader >> 20))))} / {S(Median(all.Select(r => (double)(r.PeakHost >> 20))))} | | {S(Median(all.Select(r => r.PerCpuMinute ?? double.NaN)))} |");
            }
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Hand-ins per minute of a -j 2 run over the -j 1 run of the same round; null for other runs.</summary>
    private static double? Ratio(IReadOnlyList<CohortRunResult> runs, CohortRunResult run)
    {
        if (run.Jobs != 2) return null;
        var one = runs.FirstOrDefault(r => r.Round == run.Round && r.Jobs == 1);
        return one is null ? null : run.PerMinute / one.PerMinute;
    }

    /// <summary>"grader / servers / hosts", or "tree T" where only the whole tree's CPU is known (<c>--process</c>).</summary>
    private static string CpuSplit(CohortRunResult run) =>
        run.TreeCpu is { } tree ? $"tree {S(tree.TotalSeconds)}"
            : $"{(run.GraderCpu is { } g ? S(g.TotalSeconds) : "?")} / {(run.ServersCpu is { } v ? S(v.TotalSeconds) : "?")} / {(run.HostsCpu is { } h ? S(h.TotalSeconds) : "?")}";

    private static string Pair(CohortRunResult run, Func<CohortHandin, TimeSpan> part) =>
        $"{S(run.Handins.Sum(h => part(h).TotalSeconds))} / {S(Median(run.Handins.Select(h => part(h).TotalSeconds)))}";

    private static double Median(IEnumerable<double> values)
    {
        var s = values.OrderBy(x => x).ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    private static string S(double seconds) => seconds.ToString(Math.Abs(seconds) >= 100 ? "F0" : Math.Abs(seconds) >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

    private static string R(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);
}
