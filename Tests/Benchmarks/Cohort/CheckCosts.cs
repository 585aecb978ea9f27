using System.Text;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// Where a cohort run's check time went, per check, from the run's records (<c>records/&lt;student&gt;.json</c>): how many hand-ins ran it,
/// its wall time in the grader (summed and the median) and the host CPU time the hand-in used meanwhile
/// (<c>handinCpuSeconds</c>: summed and the largest). The largest host CPU of a check that does not train is what the
/// CPU budget of a call (<c>WorkerLimits.CallCpuBudget</c>) must clear by a wide factor.
/// </summary>
/// <param name="Check">The check's id.</param>
/// <param name="Runs">Hand-ins that ran it (a check shared by two tasks counts once per hand-in).</param>
/// <param name="Wall">Its wall time per hand-in, seconds.</param>
/// <param name="HostCpu">The host CPU time per hand-in where it was measured, seconds.</param>
public sealed record CheckCosts(string Check, int Runs, IReadOnlyList<double> Wall, IReadOnlyList<double> HostCpu)
{
    /// <summary>The costs of every check in the records of <paramref name="output"/>, most wall time first.</summary>
    public static IReadOnlyList<CheckCosts> Read(string output)
    {
        var records = new ResultStore(output).LoadAll();
        return records
            .SelectMany(r => r.Checks.GroupBy(c => c.CheckId, StringComparer.Ordinal).Select(g => g.First()))
            .GroupBy(c => c.CheckId, StringComparer.Ordinal)
            .Select(g => new CheckCosts(g.Key, g.Count(), [.. g.Select(c => c.Elapsed.TotalSeconds)], [.. g.Select(c => c.HandinCpuSeconds).OfType<double>()]))
            .OrderByDescending(c => c.Wall.Sum())
            .ToArray();
    }

    /// <summary>A Markdown table of the <paramref name="top"/> costliest checks, and a line on the largest host CPU of the others that do not train.</summary>
    public static string Format(IReadOnlyList<CheckCosts> costs, IReadOnlySet<string> training, int top = 12)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| check | hand-ins | wall Σ s | wall med s | host CPU Σ s | host CPU max s |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var c in costs.Take(top))
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {c.Check}{(training.Contains(c.Check) ? " (training)" : "")} | {c.Runs} | {S(c.Wall.Sum())} | {S(Median(c.Wall))} | {S(c.HostCpu.Sum())} | {(c.HostCpu.Count > 0 ? S(c.HostCpu.Max()) : "")} |");
        }

        var others = costs.Where(c => !training.Contains(c.Check) && c.HostCpu.Count > 0).ToArray();
        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"{costs.Count} checks, {S(costs.Sum(c => c.Wall.Sum()))} s of check wall time and {S(costs.Sum(c => c.HostCpu.Sum()))} s of host CPU in all.");
        if (others.Length > 0)
        {
            var max = others.MaxBy(c => c.HostCpu.Max())!;
            sb.Append(CultureInfo.InvariantCulture, $" The largest host CPU of one check that does not train: {S(max.HostCpu.Max())} s ({max.Check}; it includes the timed-out calls' hand-ins only up to their kill).");
        }

        return sb.ToString();
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    private static string S(double seconds) => seconds.ToString(Math.Abs(seconds) >= 100 ? "F0" : Math.Abs(seconds) >= 10 ? "F1" : "F3", CultureInfo.InvariantCulture);
}
