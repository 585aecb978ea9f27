using Grader.Checks.Results;
using Grader.Runner;
using Grader.Runner.Workers;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// One cohort run as a tutor makes it (<c>cohort --process</c>): <c>grader grade</c> started as a fresh child process,
/// <c>dotnet grader.dll grade &lt;hand-ins&gt; --out &lt;fresh&gt; -j N --seed S --plain --call-cpu s [--skip-check id]…</c>
/// with the grader.dll built beside the benchmark, so it starts cold, compiles in its own compile servers and runs the
/// hand-ins in the worker a tutor gets (bubblewrap where it works; <c>GRADER_SANDBOX=none</c> with
/// <see cref="CohortOptions.PlainWorkers"/>). Measured from outside: wall time from its start to its exit; the CPU time
/// of the whole tree (the grader, its compile servers and hosts) as the benchmark's reaped-children time, with this
/// process the tree's subreaper so that what the grader leaves unreaped still counts (<see cref="ChildSubreaper"/>); peak
/// resident memory by <see cref="PeakMemory"/>; each hand-in's timing and each check's cost from the run's records.
/// </summary>
public static class GraderProcessRun
{
    /// <summary>The grader CLI built beside the benchmark (the benchmark references Grader.Cli).</summary>
    public static string GraderDll => Path.Combine(AppContext.BaseDirectory, "grader.dll");

    /// <summary>What the benchmark's own relaunch set (<see cref="Program"/>) and a tutor's shell does not: left out of the grader's environment.</summary>
    private static readonly string[] BenchmarkEnvironment =
        [Program.ChildMarker, "DOTNET_TieredPGO", .. Program.RunEnvironment.Select(e => e.name)];

    /// <summary>Grades the cohort once at <paramref name="jobs"/> into <paramref name="output"/> (fresh) in a new grader process.</summary>
    /// <exception cref="InvalidOperationException">The grader could not be started or ended with an error.</exception>
    public static async Task<CohortRunResult> GradeOnce(int round, int jobs, CohortOptions options, ulong seed, IReadOnlyCollection<string> leftOut, TimeSpan? callCpu, string output)
    {
        var label = $"r{round} -j {jobs}";
        var start = new ProcessStartInfo(WorkerCommandLine.Current.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments(jobs, options.Handins, seed, leftOut, callCpu, output))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in BenchmarkEnvironment)
        {
            start.Environment.Remove(name);
        }

        if (options.PlainWorkers)
        {
            start.Environment[WorkerFactory.Variable] = "none";
        }

        bool subreaper = ChildSubreaper.Become();
        var before = LoadAverage.Read();
        Console.WriteLine($"{label}: load average {before}; {Path.GetFileName(start.FileName)} {string.Join(' ', start.ArgumentList.Select(Quote))}"
            + (options.PlainWorkers ? $" ({WorkerFactory.Variable}=none)" : ""));
        using var memory = PeakMemory.Start(graderIsChild: true);
        var cpuBefore = ProcessCpu.Read();
        var clock = Stopwatch.StartNew();
        using var grader = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {GraderDll}");
        var stderr = grader.StandardError.ReadToEndAsync();
        while (await grader.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine($"{label} | {line}");
        }

        await grader.WaitForExitAsync();
        var wall = clock.Elapsed;
        var orphans = ChildSubreaper.ReapOrphans(TimeSpan.FromSeconds(10));
        var cpuAfter = ProcessCpu.Read();
        var peak = memory.Stop();
        var after = LoadAverage.Read();
        var errors = (await stderr).Trim();
        if (errors.Length > 0)
        {
            Console.WriteLine($"{label} | stderr: {errors}");
        }

        if (grader.ExitCode != 0)
        {
            throw new InvalidOperationException($"grader grade ended with exit code {grader.ExitCode}{(errors.Length > 0 ? $": {errors}" : "")}");
        }

        var records = new ResultStore(output).LoadAll();
        var result = new CohortRunResult(round, jobs, wall, before, after, [.. records.Select(Handin)])
        {
            PeakGrader = peak.Grader,
            PeakHost = peak.Host,
            Checks = CheckCosts.Read(output),
            TreeCpu = cpuBefore is { } b && cpuAfter is { } a ? a.Children - b.Children : null,
        };
        Console.WriteLine($"{label}: {result.Handins.Count} hand-ins in {wall.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s "
            + $"({result.PerMinute.ToString("F2", CultureInfo.InvariantCulture)} per minute); load average {after}; "
            + $"CPU of the grader's tree {(result.TreeCpu is { } t ? t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) : "?")} s "
            + (subreaper ? $"(with {orphans.Reaped} orphan(s) it left reaped here{(orphans.Left > 0 ? $", {orphans.Left} still running after 10 s and not counted" : "")}); " : "(this process could not become a child subreaper: orphans' CPU escapes); ")
            + $"peak resident memory: grader {peak.Grader >> 20} MiB, largest host {peak.Host >> 20} MiB, largest other {peak.Other >> 20} MiB");
        return result;
    }

    /// <summary>The command line after <c>dotnet</c>.</summary>
    private static IEnumerable<string> Arguments(int jobs, string handins, ulong seed, IReadOnlyCollection<string> leftOut, TimeSpan? callCpu, string output)
    {
        yield return GraderDll;
        yield return "grade";
        yield return handins;
        yield return "--out";
        yield return output;
        yield return "-j";
        yield return jobs.ToString(CultureInfo.InvariantCulture);
        yield return "--seed";
        yield return seed.ToString(CultureInfo.InvariantCulture);
        yield return "--plain";
        yield return "--call-cpu";
        yield return (callCpu?.TotalSeconds ?? 0).ToString(CultureInfo.InvariantCulture);
        foreach (var id in leftOut.Order(StringComparer.Ordinal))
        {
            yield return "--skip-check";
            yield return id;
        }
    }

    /// <summary>
    /// A hand-in's time from its record: <see cref="HandinTiming.Total"/> (which starts after the compile) plus the
    /// compile, so it leaves out the wait for a free compile server; checks counted once each.
    /// </summary>
    private static CohortHandin Handin(HandinRecord record) =>
        new(record.Student, record.Status, record.Timing.Total + record.Timing.Compile, record.Timing,
            TimeSpan.FromTicks(record.Checks.GroupBy(c => c.CheckId, StringComparer.Ordinal).Sum(g => g.Max(c => c.Elapsed).Ticks)));

    private static string Quote(string argument) => argument.Contains(' ', StringComparison.Ordinal) ? $"'{argument}'" : argument;
}
