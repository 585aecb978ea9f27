using System.Diagnostics;
using Grader.Checks.Checking;
using Grader.Runner.Compile;
using Grader.Grading.Discovery;

namespace Grader.Grading;

/// <summary>
/// Grades one hand-in in worker processes: one worker runs the checks in catalog order; when it is killed (a check ran
/// too long, too much output) or dies (a stack overflow, an exit from the hand-in), the check it was running fails with
/// that reason and a fresh worker runs the rest, up to <see cref="WorkerLimits.Restarts"/> times and within the
/// hand-in's time. Every due check ends with a verdict: reported, or failed with the reason it has none. A call into the
/// hand-in that used up a limit (<see cref="ExhaustedCall"/>: a check timed out in it, it passed its CPU budget, or it ran
/// out of memory) is not made again: every later worker refuses it, so a later check that makes it fails at once with the
/// same verdict instead of waiting out its own limit.
/// The checks run in this process and only the hand-in in the worker (<see cref="Remote.RemoteCheckRunner"/>): a
/// "worker" is one host process, and a fresh one serves the checks after a timeout or crash. Every worker gets the
/// run's frozen configuration (<see cref="GradeSettings.Config"/>) by reference.
/// With a <see cref="CompileBox"/> (what <c>grader grade</c> and <c>grader check</c> use) the hand-in is compiled in a
/// compile server with a time and heap limit, so a compiler bomb fails its own hand-in only; without one it is compiled
/// here, in this process, with <paramref name="compiler"/> (tests and benchmarks).
/// </summary>
public sealed class HandinRunner(IWorker worker, GradeSettings settings, HandinCompiler? compiler = null, CompileBox? compileBox = null)
{
    private readonly string _fingerprint = compiler is not null && compileBox is not null
        ? throw new ArgumentException("a hand-in is compiled either by a compiler in this process or by a compile box, not both", nameof(compileBox))
        : settings.Fingerprint();

    public async Task<HandinRecord> GradeAsync(DiscoveredHandin handin, CancellationToken cancellationToken)
    {
        var pending = settings.Config.Due.Select(d => (d.Task, d.Check, Key: WorkerProtocol.Key(d.Task.Id, d.Check.Check.Id))).ToArray();
        var verdicts = new Dictionary<string, CheckVerdict>(StringComparer.Ordinal);
        var events = new List<(string Reason, string? Check)>();
        var log = new List<string>();
        // Compiling runs no hand-in code, so it happens once, before any worker starts; workers load the image.
        var clock = Stopwatch.StartNew();
        var emitted = compileBox is null
            ? settings.Config.Compiler(compiler).Emit(handin.Source)
            : await compileBox.EmitAsync(handin.Source, settings.Config.Catalog.Packs.SelectMany(p => p.Contracts), cancellationToken);
        var compile = emitted.Result.WithoutAssembly();
        foreach (var p in pending)
        {
            // A task that a file left out of the compilation blocks fails without running; no worker is asked for it.
            if ((emitted.Image is null ? emitted.Result.Summary() : emitted.Result.BlockReason(p.Task.Contracts)) is { } failed)
            {
                verdicts[p.Key] = Failed(p.Task, p.Check, failed);
            }
        }

        var status = emitted.Image is null ? HandinStatus.CompileFailed : HandinStatus.Graded;
        TimeSpan startup = TimeSpan.Zero;
        int runs = 0;
        var refused = new List<ExhaustedCall>();
        // What the training calls of earlier workers added to the hand-in's time (their hang guards: WorkerRun.HangGuard).
        var hangGuard = TimeSpan.Zero;

        while (pending.Any(p => !verdicts.ContainsKey(p.Key)))
        {
            var timeLeft = settings.Limits.HandinTime + hangGuard - clock.Elapsed;
            string? stop = null;
            if (timeLeft <= TimeSpan.Zero)
            {
                stop = $"the hand-in's time ({Seconds(settings.Limits.HandinTime)} s) ran out before this check could run";
                status = Worse(status, HandinStatus.TimedOut);
            }
            else if (runs > settings.Limits.Restarts)
            {
                stop = $"not run: the hand-in's workers were stopped or crashed {runs} times";
            }

            if (stop is not null)
            {
                foreach (var p in pending.Where(p => !verdicts.ContainsKey(p.Key)))
                {
                    verdicts[p.Key] = Failed(p.Task, p.Check, stop);
                }

                events.Add((stop, null));
                break;
            }

            var job = new WorkerJob(handin.Student, emitted.Image!, emitted.Symbols, settings.Config, [.. verdicts.Keys], [.. refused]);
            var run = await worker.RunAsync(job, settings.Limits, timeLeft, cancellationToken);
            hangGuard += run.HangGuard;
            if (run.End == WorkerEnd.StartFailed)
            {
                throw new WorkerStartException(Explain(run, settings.Limits));
            }

            runs++;
            startup += run.Startup;

            var asked = pending.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var v in run.Verdicts)
            {
                var key = WorkerProtocol.Key(v.TaskId, v.CheckId);
                if (asked.Contains(key))
                {
                    verdicts.TryAdd(key, v);
                }
            }

            if (!string.IsNullOrWhiteSpace(run.Log))
            {
                log.Add(run.Log.TrimEnd());
            }

            if (run.End == WorkerEnd.Done)
            {
                break; // a worker that says it is done has nothing more to say: any check still without a verdict fails closed below
            }

            foreach (var call in run.StoppedBy is { } stoppedBy ? run.OutOfMemory.Append(stoppedBy) : run.OutOfMemory)
            {
                if (!refused.Any(c => c.SameCall(call)))
                {
                    refused.Add(call);
                }
            }

            var reason = Explain(run, settings.Limits);
            status = Worse(status, run.End is WorkerEnd.CheckTimedOut or WorkerEnd.CallOverCpu or WorkerEnd.HandinTimedOut ? HandinStatus.TimedOut : HandinStatus.Crashed);
            var hit = pending.FirstOrDefault(p => p.Key == run.RunningKey);
            if (hit.Key is not null && !verdicts.ContainsKey(hit.Key))
            {
                verdicts[hit.Key] = Failed(hit.Task, hit.Check, reason);
                events.Add((reason, $"{hit.Task.Id} ({hit.Check.Check.Id})"));
            }
            else
            {
                events.Add((reason, null));
            }

            if (run.End is WorkerEnd.HandinTimedOut)
            {
                foreach (var p in pending.Where(p => !verdicts.ContainsKey(p.Key)))
                {
                    verdicts[p.Key] = Failed(p.Task, p.Check, $"not run: {reason}");
                }
            }
            else if (hit.Key is null && run.Verdicts.Count == 0)
            {
                // The worker died before grading anything: a fresh one would die the same way.
                foreach (var p in pending.Where(p => !verdicts.ContainsKey(p.Key)))
                {
                    verdicts[p.Key] = Failed(p.Task, p.Check, $"not run: {reason}");
                }
            }
        }

        var ordered = pending.Select(p => verdicts.TryGetValue(p.Key, out var v) ? v : Failed(p.Task, p.Check, "the worker finished without a verdict for this check")).ToArray();
        var reasonText = events.Count == 0
            ? (status == HandinStatus.CompileFailed ? "the hand-in does not compile" : null)
            : string.Join("; ", events.GroupBy(e => e.Reason).Select(Summarise));
        var timing = new HandinTiming(clock.Elapsed, startup, emitted.Result.Elapsed, TimeSpan.FromTicks(ordered.GroupBy(v => v.CheckId).Sum(g => g.Max(v => v.Elapsed).Ticks)), runs);
        return StudentText.Scrub(new HandinRecord(handin.Student, status, reasonText, handin.ContentHash, _fingerprint, compile, ordered, timing,
            string.Join(Environment.NewLine, log), DateTimeOffset.UtcNow));
    }

    /// <summary>Why a worker ended early, in a tutor's and a student's words.</summary>
    public static string Explain(WorkerRun run, WorkerLimits limits) => run.End switch
    {
        WorkerEnd.CheckTimedOut => $"timed out after {Seconds(run.StoppedBy?.Limit ?? limits.CheckTime)} s: the check did not finish within its time limit (an endless loop, or far too slow), so its worker was stopped",
        WorkerEnd.CallOverCpu => $"the call {run.StoppedBy?.Name ?? "into the hand-in"} used more than {Seconds(run.StoppedBy?.Limit ?? limits.CallCpuBudget ?? TimeSpan.Zero)} s of CPU time, the budget of one call (an endless loop, or far too slow), so its worker was stopped",
        WorkerEnd.HandinTimedOut => $"the hand-in's time limit ({Seconds(limits.HandinTime)} s in all) ran out and its worker was stopped",
        WorkerEnd.OutputLimit => $"the hand-in wrote more than {limits.OutputBytes / (1024 * 1024)} MiB of output, so its worker was stopped",
        WorkerEnd.StartFailed => $"the grader could not start a worker ({FirstLine(run.Log)}): a fault of the grader's installation, not of the hand-in",
        WorkerEnd.Crashed => run.ExitCode switch
        {
            0 => "the hand-in ended the worker process (exit code 0, as Environment.Exit(0) does) before this check reported",
            134 or -6 => "the worker process was aborted (SIGABRT, exit code 134): a stack overflow (unbounded recursion) or Environment.FailFast ends a .NET process this way",
            137 or -9 => "the worker process was killed (SIGKILL, exit code 137): usually the operating system's out-of-memory killer",
            { } code => $"the worker process ended with exit code {code} before this check reported",
            null => "the worker process ended before this check reported",
        },
        _ => "",
    };

    /// <summary>"timed out after 10 s: … — in 2 checks: 000/1d/ddim (diffusion.x), 001/1d/ddim (diffusion.x)".</summary>
    private static string Summarise(IGrouping<string, (string Reason, string? Check)> events)
    {
        var checks = events.Select(e => e.Check).OfType<string>().Distinct().ToArray();
        return checks.Length switch
        {
            0 => events.Key,
            1 => $"{events.Key} — in {checks[0]}",
            _ => $"{events.Key} — in {checks.Length} checks: {string.Join(", ", checks)}",
        };
    }

    private static CheckVerdict Failed(TaskSpec task, CheckSpec check, string reason) =>
        new(task.Id, CheckResult.Fail(check.Check.Id, reason, sheetRef: SheetCitation.Cite(task.Sheet, check.Check.SheetRef)), TimeSpan.Zero);

    private static HandinStatus Worse(HandinStatus a, HandinStatus b) => (HandinStatus)Math.Max((int)a, (int)b);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
