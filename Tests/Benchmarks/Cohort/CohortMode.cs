using System.Runtime.InteropServices;
using System.Text;
using Grader.Benchmarks.Peer;
using Grader.Checks.Catalog;
using Grader.Checks.Grading;
using Grader.Cli.Commands;
using Grader.Grading.Files;
using Grader.Grading.Pipeline;
using Grader.Runner.Compile;
using Grader.Grading.Discovery;
using Grader.Grading.Reporters;
using Grader.Runner;
using Grader.Runner.Host;
using Grader.Runner.Sandbox;
using Grader.Runner.Workers;

namespace Grader.Benchmarks.Cohort;

/// <summary>
/// <c>cohort [--quick] [--rounds R] [--handins &lt;folder&gt;] [--process [--plain-workers]]</c>: grades a folder of
/// hand-ins (default the bundled cohort, <c>fixtures/handins</c>) into fresh temporary output folders, either with the
/// real pipeline in this process, as <c>grader grade</c> builds it (a <see cref="ChildProcessWorker"/> per hand-in, a
/// <see cref="CompileBox"/> with <see cref="CompileBox.ServersFor"/> servers, every report written; one hand-in graded
/// once beforehand, untimed, to warm this process and the file cache), or with <c>--process</c> by a fresh
/// <c>grader grade</c> child process per run, as a tutor runs it (<see cref="GraderProcessRun"/>).
/// Each round grades the cohort at -j 1 and at -j 2, in alternating order (round 1: -j 1 first, round 2: -j 2
/// first, …), so both see the same machine. Prints hand-ins per minute, the j2/j1 ratio of each round, the load average before and after each
/// run, where each hand-in's time went (worker startup, compile, checks, other), summed and as medians, and the peak
/// resident memory of the grader and of the largest host (<see cref="PeakMemory"/>).
/// <c>--quick</c> leaves out the checks that train a network and gives one call into a hand-in 2 s of host CPU
/// (<see cref="QuickCallCpu"/>) instead of the default 3 s; both settings keep the 60 s wall limit per check (a
/// shorter wall limit timed out correct hand-ins under load; the CPU budget ends the endless-loop hand-in).
/// <c>--call-cpu s</c> sets the CPU budget of either setting (0: none).
/// </summary>
public static class CohortMode
{
    /// <summary>The checks <c>--quick</c> leaves out: those that train a network (<see cref="Grader.Checks.Hidden.TutorCatalog.TrainingCheckIds"/>).</summary>
    public static readonly IReadOnlyList<string> TrainingChecks = [.. Grader.Checks.Hidden.TutorCatalog.TrainingCheckIds.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The CPU budget of one call into a hand-in in a quick pass (<c>--quick</c>; <c>grader grade --call-cpu 2</c>): 2 s.
    /// The largest host CPU any check that does not train used on any hand-in of the bundled cohort, all its calls
    /// together, was 0.36–0.48 s (<c>flows.heidelberg.inn-density-integrates-to-one</c>'s Forward on a 320×320 grid, loaded
    /// machine), ≤ 0.27 s on sheets 001–004; so a correct hand-in 4× slower than that whole check still passes, and the
    /// endless loop costs 2 s of CPU instead of 3. The full pass keeps the default, 3 s (<see cref="CallCpu.DefaultBudget"/>).
    /// </summary>
    public static readonly TimeSpan QuickCallCpu = TimeSpan.FromSeconds(2);

    public static int Run(string[] args) => RunAsync(CohortOptions.Parse(args)).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(CohortOptions options)
    {
        var catalog = CommonOptions.Catalog;
        var known = catalog.Tasks.SelectMany(t => t.Checks).Select(c => c.Check.Id).ToHashSet(StringComparer.Ordinal);
        var missing = TrainingChecks.Where(id => !known.Contains(id)).ToArray();
        if (missing.Length > 0)
        {
            Console.Error.WriteLine($"error: the catalog has no check {string.Join(", ", missing)} (--quick leaves these out)");
            return 2;
        }

        string snapshots;
        DiscoveryResult found;
        Assignment assignment;
        try
        {
            snapshots = CommonOptions.SnapshotRoot(null);
            assignment = AssignmentFile.Resolve(null, [options.Handins], catalog);
            found = HandinDiscovery.Discover(options.Handins, DiscoveryLimits.Default);
        }
        catch (Exception e) when (e is UsageException or DiscoveryException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        if (found.Handins.Count == 0)
        {
            Console.Error.WriteLine($"error: no hand-ins to grade in {options.Handins}");
            return 2;
        }

        var callCpu = options.CallCpu ?? (options.Quick ? QuickCallCpu : CallCpu.DefaultBudget);
        var limits = WorkerLimits.Default with { CallCpuBudget = callCpu > TimeSpan.Zero ? callCpu : null };
        var leftOut = options.Quick ? TrainingChecks.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
        var settings = new GradeSettings(new GradingConfig(catalog, assignment, GradeOptions.Default.Seed, false, leftOut, snapshots), limits);
        var describe = Describe(options, found, limits, leftOut);
        Console.WriteLine(describe);
        foreach (var problem in found.Problems)
            Console.WriteLine($"  {(problem.Skipped ? "refused" : "note")}: {problem.Path}: {problem.Message}");

        var root = Path.Combine(Path.GetTempPath(), $"grader-cohort-{Guid.NewGuid():N}");
        var results = new List<CohortRunResult>();
        TimeSpan warmup;
        try
        {
            if (options.Process)
            {
                warmup = TimeSpan.Zero;
            }
            else
            {
                Console.WriteLine($"warm-up (untimed): grading {found.Handins[0].Student} once …");
                var clock = Stopwatch.StartNew();
                using (var box = new CompileBox(CompileLimits.Default))
                {
                    var record = await new HandinRunner(new ChildProcessWorker(), settings, compileBox: box).GradeAsync(found.Handins[0], CancellationToken.None);
                    Console.WriteLine($"warm-up: {record.Status}, {Seconds(clock.Elapsed)} s");
                }

                warmup = clock.Elapsed;
                AwaitReaped();
            }

            if (options.CompareSandbox)
            {
                return await CompareSandbox(options, settings, catalog, describe, root);
            }

            for (int round = 1; round <= options.Rounds; round++)
            {
                var order = round % 2 == 1 ? options.JobCounts : options.JobCounts.Reverse();
                foreach (int jobs in order)
                {
                    var output = Path.Combine(root, $"r{round}-j{jobs}");
                    results.Add(options.Process
                        ? await GraderProcessRun.GradeOnce(round, jobs, options, settings.Config.Seed, leftOut, limits.CallCpuBudget, output)
                        : await GradeOnce(round, jobs, options, settings, catalog, output));
                }
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        var table = CohortTable.Format(results);
        var text = new StringBuilder();
        text.AppendLine(describe);
        text.AppendLine(options.Process ? "- warm-up: none (each run is a fresh grader process)" : string.Create(CultureInfo.InvariantCulture, $"- warm-up (one hand-in, untimed): {Seconds(warmup)} s"));
        text.AppendLine();
        text.AppendLine(table);
        text.AppendLine();
        text.AppendLine("Checks count each check once; the pipeline's own HandinTiming.Checks (which also counts a shared check once) for comparison: Σ "
            + string.Join(", ", results.Select(r => $"{Seconds(TimeSpan.FromTicks(r.Handins.Sum(h => h.Timing.Checks.Ticks)))} s (r{r.Round} -j {r.Jobs})")) + ".");
        text.AppendLine();
        var first = results.First(r => r.Round == 1 && r.Jobs == options.JobCounts[0]);
        text.AppendLine(CultureInfo.InvariantCulture, $"Where the check time went (r1 -j {first.Jobs}; wall time in the grader, host CPU of the hand-in meanwhile):");
        text.AppendLine();
        text.AppendLine(CheckCosts.Format(first.Checks, TrainingChecks.ToHashSet(StringComparer.Ordinal)));
        Console.WriteLine();
        Console.WriteLine(text.ToString().TrimEnd());
        var path = WriteMarkdown(text.ToString());
        Console.WriteLine();
        Console.WriteLine($"written: {path}");
        return 0;
    }

    /// <summary>
    /// The cost of the sandbox: the cohort at -j 1 with a plain child process and with bubblewrap, alternating which goes
    /// first by round, side by side in one run; per hand-in medians of the total and of the host's start.
    /// </summary>
    private static async Task<int> CompareSandbox(CohortOptions options, GradeSettings settings, CourseCatalog catalog, string describe, string root)
    {
        var sandbox = SandboxProbe.Current;
        if (!sandbox.Usable)
        {
            Console.Error.WriteLine($"error: bubblewrap is not usable here ({sandbox.Problem}); nothing to compare");
            return 2;
        }

        var rows = new List<(int Round, string Worker, CohortRunResult Result)>();
        for (int round = 1; round <= options.Rounds; round++)
        {
            string[] order = round % 2 == 1 ? ["plain", "bwrap"] : ["bwrap", "plain"];
            foreach (var kind in order)
            {
                IWorker worker = kind == "plain" ? new ChildProcessWorker() : new BubblewrapWorker(sandbox.Policy!);
                rows.Add((round, kind, await GradeOnce(round, 1, options, settings, catalog, Path.Combine(root, $"r{round}-{kind}"), worker)));
            }
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var text = new StringBuilder(describe).AppendLine().AppendLine();
        text.AppendLine("| round | worker | hand-ins | wall s | hand-ins/min | total med s | host start med s | host starts Σ | wall bwrap/plain |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (round, kind, r) in rows)
        {
            var plain = rows.Single(x => x.Round == round && x.Worker == "plain").Result;
            var ratio = kind == "bwrap" ? (r.Wall.TotalSeconds / plain.Wall.TotalSeconds).ToString("F3", CultureInfo.InvariantCulture) : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {round} | {kind} | {r.Handins.Count} | {r.Wall.TotalSeconds:F1} | {r.PerMinute:F2} | {Median(r.Handins.Select(h => h.Total.TotalSeconds)):F2} | {Median(r.Handins.Select(h => h.Timing.Startup.TotalSeconds / Math.Max(1, h.Timing.WorkerRuns))):F3} | {r.Handins.Sum(h => h.Timing.WorkerRuns)} | {ratio} |");
        }

        Console.WriteLine();
        Console.WriteLine(text.ToString().TrimEnd());
        Console.WriteLine();
        Console.WriteLine($"written: {WriteMarkdown(text.ToString())}");
        return 0;
    }

    /// <summary>Grades the whole cohort once at <paramref name="jobs"/> into <paramref name="output"/> (fresh, so nothing is reused).</summary>
    private static async Task<CohortRunResult> GradeOnce(int round, int jobs, CohortOptions options, GradeSettings settings, CourseCatalog catalog, string output, IWorker? worker = null)
    {
        var label = $"r{round} -j {jobs}";
        var run = new GradeRun([options.Handins], output, jobs, null, false, ManualGrades.Empty, settings);
        var progress = new CohortProgress(label);
        var before = LoadAverage.Read();
        Console.WriteLine($"{label}: load average {before}; grading into {output}");
        using var memory = PeakMemory.Start();
        var cpuBefore = ProcessCpu.Read();
        var clock = Stopwatch.StartNew();
        var compileBox = new CompileBox(CompileLimits.Default, servers: CompileBox.ServersFor(jobs));
        try
        {
            var pipeline = new GradingPipeline(worker ?? new ChildProcessWorker(), GradingOutputs.Default, compileBox);
            await pipeline.RunAsync(run, progress, DiscoveryLimits.Default, CancellationToken.None);
        }
        finally
        {
            compileBox.Dispose();
        }

        var wall = clock.Elapsed;
        AwaitReaped();
        var cpuAfter = ProcessCpu.Read();
        var peak = memory.Stop();
        var after = LoadAverage.Read();
        var result = new CohortRunResult(round, jobs, wall, before, after, progress.Done)
        {
            PeakGrader = peak.Grader,
            PeakHost = peak.Host,
            Checks = CheckCosts.Read(output),
            GraderCpu = cpuBefore is { } b1 && cpuAfter is { } a1 ? a1.Self - b1.Self : null,
            ServersCpu = compileBox.ServersCpu,
            HostsCpu = cpuBefore is { } b2 && cpuAfter is { } a2 ? a2.Children - b2.Children - compileBox.ServersCpu : null,
        };
        Console.WriteLine($"{label}: {result.Handins.Count} hand-ins in {Seconds(wall)} s ({result.PerMinute.ToString("F2", CultureInfo.InvariantCulture)} per minute); load average {after}; "
            + $"CPU: grader {(result.GraderCpu is { } g ? Seconds(g) : "?")} s, compile servers {Seconds(compileBox.ServersCpu)} s, hosts {(result.HostsCpu is { } h ? Seconds(h) : "?")} s; "
            + $"peak resident memory: grader {peak.Grader >> 20} MiB{(memory.GraderReset ? "" : " (since the benchmark started)")}, largest host {peak.Host >> 20} MiB");
        return result;
    }

    /// <summary>
    /// Waits (up to 5 s) until every child of this process has been reaped, so that the compile servers just killed
    /// count in the reaped-children CPU time read next (the runtime reaps a killed child on its own thread).
    /// </summary>
    private static void AwaitReaped()
    {
        var clock = Stopwatch.StartNew();
        while (HostCpu.Children(Environment.ProcessId).Any() && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(10);
        }

        if (HostCpu.Children(Environment.ProcessId).ToArray() is { Length: > 0 } left)
        {
            Console.WriteLine($"note: children {string.Join(", ", left)} not reaped after 5 s; their CPU is not in the hosts' column");
        }
    }

    private static string Describe(CohortOptions options, DiscoveryResult found, WorkerLimits limits, IReadOnlySet<string> leftOut)
    {
        var folder = Path.GetRelativePath(Directory.GetCurrentDirectory(), options.Handins);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average at the start: {LoadAverage.Read()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- machine: {PeerMode.CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        sb.AppendLine(options.Process
            ? $"- mode: --process, each run a fresh `grader grade` child process ({GraderProcessRun.GraderDll}); hosts: "
                + (options.PlainWorkers ? $"plain child processes ({WorkerFactory.Variable}=none)" : SandboxProbe.Current.Usable ? "bubblewrap sandbox (the tutor's default here)" : $"plain child processes (bubblewrap is not usable here: {SandboxProbe.Current.Problem})")
            : "- mode: in process (GradingPipeline and a CompileBox as `grader grade` builds them, after an untimed warm-up); hosts: plain child processes");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- cohort: {found.Handins.Count} hand-ins in {folder}; {options.Rounds} round(s) of {string.Join(" and ", options.JobCounts.Select(j => $"-j {j}"))}");
        sb.Append(CultureInfo.InvariantCulture, $"- checks: {(options.Quick ? "--quick" : "all")}, {Seconds(limits.CheckTime)} s per check, {(limits.CallCpuBudget is { } cpu ? Seconds(cpu) + " s of host CPU per call" : "no CPU budget")}, {Seconds(limits.HandinTime)} s per hand-in");
        if (leftOut.Count > 0) sb.Append(CultureInfo.InvariantCulture, $"; left out: {string.Join(", ", leftOut.Order(StringComparer.Ordinal))}");
        return sb.ToString();
    }

    private static string WriteMarkdown(string text)
    {
        var dir = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "cohort-results.md");
        File.WriteAllText(path, "# Grader: hand-ins graded per minute on the cohort" + Environment.NewLine + Environment.NewLine + text);
        return path;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
