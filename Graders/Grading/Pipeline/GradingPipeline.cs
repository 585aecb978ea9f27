using System.Diagnostics;
using System.Reflection;
using Grader.Runner.Compile;
using Grader.Grading.Discovery;
using Grader.Grading.Reports;
using Grader.Runner.Workers;

namespace Grader.Grading.Pipeline;

/// <summary>
/// <c>grader grade</c> from start to end: find the hand-ins, keep the shard's slice, reuse stored results that are up
/// to date, grade the rest <see cref="GradeRun.Jobs"/> at a time (each in its own worker), write each student's files
/// as soon as the hand-in is done (the student's files, then the tutor's record: <see cref="ResultStore"/>), and write
/// the run's reports over every student of the slice at the end. Each hand-in's written report (<c>Report/</c>) is
/// taken in after the code (<see cref="ReportIntake"/>, in the hand-ins' sandbox), reused when unchanged. An output folder of the earlier layout (records in the
/// students' folders) is refused with one message before anything runs.
/// A failed or timed-out run never replaces an earlier good result of the same content. With a
/// <see cref="CompileBox"/> (what <c>grader grade</c> passes) every hand-in is compiled in a compile server; without,
/// in this process.
/// </summary>
public sealed class GradingPipeline(IWorker worker, GradingOutputs outputs, CompileBox? compileBox = null)
{
    /// <summary>The grader's version, as the run records it.</summary>
    public static string Version { get; } =
        typeof(GradingPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public async Task<GradingSummary> RunAsync(GradeRun run, IGradingProgress progress, DiscoveryLimits limits, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var found = Discover(run.Inputs, limits);
        var handins = found.Handins.Where(h => run.Shard?.Includes(h.Student) ?? true).ToArray();
        var problems = found.Problems.Where(p => p.Student is null || (run.Shard?.Includes(p.Student) ?? true)).ToArray();
        var roster = Groups.GroupRoster.Of(run.Settings.Semester, run.Settings.Config.Assignment.Id);
        if (roster is not null)
        {
            // A group course: members.txt compared with the course's groups, a student handing in twice refused before anything runs.
            var (kept, groupProblems) = Groups.GroupIntake.Check(handins, roster);
            handins = [.. kept];
            problems = [.. problems, .. groupProblems];
        }

        var store = new ResultStore(run.Output);
        if (store.OldLayoutProblem() is { } oldLayout)
        {
            throw new UsageException(oldLayout);
        }

        Directory.CreateDirectory(store.Folder);
        var config = run.Settings.Config;
        var fingerprint = run.Settings.Fingerprint();
        var info = RunInfo.Of(config, run.Shard?.ToString(), run.Jobs, worker.Name, started, TimeSpan.Zero, Version);

        var stored = handins.ToDictionary(h => h.Student, h => store.Load(h.Student), StringComparer.Ordinal);
        var toGrade = handins.Where(h => run.Force || !UpToDate(stored[h.Student], h, fingerprint)).ToArray();
        progress.Planned(toGrade.Length, handins.Length - toGrade.Length, found.Problems.Count(p => p.Skipped));
        compileBox?.Expect(toGrade.Length);

        // The grade of each hand-in is built once (HandinRecord.ToReport, with the tutor's manual scores) and every
        // output reads it: the student's files as the hand-in finishes, the run's files at the end.
        var reports = new Dictionary<string, HandinReport>(StringComparer.Ordinal);
        foreach (var h in handins.Except(toGrade))
        {
            reports[h.Student] = stored[h.Student]!.ToReport(config, run.Manual);
        }

        var runner = new HandinRunner(worker, run.Settings, compileBox: compileBox);
        await Parallel.ForEachAsync(toGrade, new ParallelOptions { MaxDegreeOfParallelism = run.Jobs, CancellationToken = cancellationToken }, async (handin, ct) =>
        {
            progress.Started(handin.Student);
            var record = await runner.GradeAsync(handin, ct);
            var earlier = stored[handin.Student];
            bool keep = earlier is not null && KeepsEarlier(earlier, record);
            var final = keep ? earlier! : record;
            var report = final.ToReport(config, run.Manual);
            if (!keep)
            {
                outputs.WriteHandin(new GradingSummary(config.Assignment, [report], [], run.Manual, info), store.Folder);
                store.Save(final);
            }

            lock (reports)
            {
                reports[handin.Student] = report;
            }

            progress.Finished(report, keep);
        });

        // The written reports (Report/): taken in after the code, reused when unchanged; a report never fails the run.
        var intake = new ReportIntake(new WrittenReportStore(store.Folder), (worker as BubblewrapWorker)?.Policy, limits);
        var written = new WrittenReport[handins.Length];
        // The code as graded, kept for grader serve's code pages and inline comments (HandinCodeStore).
        var code = new HandinCodeStore(store.Folder);
        await Parallel.ForAsync(0, handins.Length, new ParallelOptions { MaxDegreeOfParallelism = run.Jobs, CancellationToken = cancellationToken }, (i, _) =>
        {
            code.Save(handins[i].Student, handins[i].Source.Files);
            written[i] = intake.Take(handins[i].Student, handins[i].Report, config.Assignment);
            return ValueTask.CompletedTask;
        });

        var outcomes = reports.Values.OrderBy(r => r.Student, StringComparer.Ordinal).ToArray();
        info = info with { Elapsed = clock.Elapsed };
        if (run.Manual.All.Count > 0)
        {
            // Manual scores may be new since a stored result's feedback was written: render those again (nothing re-runs).
            var kept = outcomes.Where(o => !toGrade.Any(h => h.Student == o.Student)).ToArray();
            outputs.WriteHandin(new GradingSummary(config.Assignment, kept, [], run.Manual, info), store.Folder);
        }

        var summary = new GradingSummary(config.Assignment, outcomes, problems, run.Manual, info) { Reports = written, Roster = roster };
        outputs.WriteRun(summary, store.Folder);
        new RunFile(info, outcomes.Select(o => o.Student).ToArray(), problems, run.Manual.All).Save(store.Folder);
        return summary;
    }

    /// <summary>
    /// The hand-ins of every input folder, as one cohort. A student found in two folders has two hand-ins: both are
    /// refused with one problem naming both paths, as within one folder.
    /// </summary>
    public static DiscoveryResult Discover(IReadOnlyList<string> inputs, DiscoveryLimits limits)
    {
        if (inputs.Count == 0)
        {
            throw new DiscoveryException("No folder of hand-ins was given.");
        }

        var results = inputs.Select(i => HandinDiscovery.Discover(i, limits)).ToArray();
        var all = results.SelectMany(r => r.Handins).ToArray();
        var twice = all.GroupBy(h => StudentName.Key(h.Student), StringComparer.Ordinal).Where(g => g.Count() > 1).ToArray();
        var refused = twice.SelectMany(g => g).ToHashSet();
        var problems = results.SelectMany(r => r.Problems)
            .Concat(twice.Select(g => new InputProblem(g.First().Path, g.First().Student,
                $"{g.First().Student} handed in more than once ({string.Join(", ", g.Select(h => h.Path))}); none of them was graded — decide which counts and remove the others.", Skipped: true)))
            .ToArray();
        return new DiscoveryResult(all.Where(h => !refused.Contains(h)).OrderBy(h => h.Student, StringComparer.Ordinal).ToArray(), problems);
    }

    /// <summary>
    /// A stored result is reused when it is for the same content and settings. That includes a hand-in that timed out or
    /// crashed: those are its own doing, and grading it again would cost the same time for the same verdict (<c>--force</c> does).
    /// </summary>
    public static bool UpToDate(HandinRecord? stored, DiscoveredHandin handin, string fingerprint) =>
        stored is not null
        && stored.ContentHash == handin.ContentHash
        && stored.Fingerprint == fingerprint;

    /// <summary>A new result that timed out or crashed does not replace an earlier good one of the same content and settings.</summary>
    public static bool KeepsEarlier(HandinRecord earlier, HandinRecord fresh) =>
        fresh.Status is HandinStatus.TimedOut or HandinStatus.Crashed
        && earlier.Status is HandinStatus.Graded or HandinStatus.CompileFailed
        && earlier.ContentHash == fresh.ContentHash
        && earlier.Fingerprint == fresh.Fingerprint;
}
