using System.Diagnostics;
using Grader.Runner.Workers;
using Grader.Remote.Channel;
using Grader.Remote.Values;

namespace Grader.Runner.Host;

/// <summary>
/// Runs a <see cref="WorkerJob"/>'s due checks here, against a host that holds only the hand-in (<see cref="HostSession"/>;
/// the path of one call is mapped in <c>Graders/Runner/README.md</c>). A watchdog kills the host when the running check
/// passes <see cref="WorkerLimits.CheckTime"/>, a call into the hand-in passes its CPU budget (<see cref="CallCpu"/>), the
/// hand-in's time runs out, or the host writes more than <see cref="WorkerLimits.OutputBytes"/>. The check in progress then
/// gets no verdict from here: the run names it (<see cref="WorkerRun.RunningKey"/>) and the call to blame
/// (<see cref="WorkerRun.StoppedBy"/>), and <c>HandinRunner</c> fails it with the reason and starts a fresh host for the
/// rest. The checks come from the job's frozen configuration (<see cref="WorkerJob.Config"/>). Each check runs under a
/// <see cref="CallbackMeter"/> of <see cref="CallbackBudget.Default"/>. A check that passes that budget, or makes a refused call
/// (<see cref="WorkerJob.Refused"/>, or one that threw OutOfMemoryException earlier in this host:
/// <see cref="WorkerRun.OutOfMemory"/>), fails with that reason whatever it computed; so does the same check in a later
/// task of the run. Each verdict records its host CPU time (<see cref="CheckVerdict.HandinCpuSeconds"/>).
/// </summary>
public static class RemoteCheckRunner
{
    /// <summary>How long past <see cref="WorkerLimits.CheckTime"/> the grader waits for a check to notice its host is gone.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    /// <summary>Runs <paramref name="job"/>'s checks against a host started with <paramref name="launch"/>.</summary>
    /// <param name="contracts">The contracts the host loads and the hand-in may implement; those of the job's catalog (<see cref="HostContracts.For"/>) when null.</param>
    public static async Task<WorkerRun> RunAsync(WorkerCommandLine launch, WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken,
        ContractSet? contracts = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        var clock = Stopwatch.StartNew();
        HostSession session;
        try
        {
            session = await HostSession.StartAsync(launch, limits, contracts ?? HostContracts.For(job.Config));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return new WorkerRun([], WorkerEnd.StartFailed, null, null, $"could not start the hand-in's host ({launch.FileName}): {e.Message}", TimeSpan.Zero, clock.Elapsed);
        }

        using (session)
        {
            session.Refuse(job.RefusedCalls);
            var state = new State();
            session.Channel.Thrown = (contract, method, thrown) =>
            {
                if (thrown is OutOfMemoryException)
                {
                    lock (state)
                    {
                        var call = ExhaustedCall.OutOfMemory(contract, method, state.RunningCheck ?? "(before the checks)", limits.HeapBytes);
                        if (!state.OutOfMemory.Any(c => c.SameCall(call)))
                        {
                            state.OutOfMemory.Add(call);
                        }
                    }
                }
            };
            var grading = Task.Factory.StartNew(() => Grade(session, job, limits, state, clock), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await WatchAsync(session, grading, state, limits, timeLeft, clock, cancellationToken);
            if (!grading.IsCompleted)
            {
                // The host is dead; a check still running is in the grader's own code and will notice at its next call.
                await Task.WhenAny(grading, Task.Delay(Grace, CancellationToken.None));
            }

            if (grading.IsFaulted)
            {
                session.Note($"grader: the checks stopped with {grading.Exception?.GetBaseException().GetType().Name}: {grading.Exception?.GetBaseException().Message}");
            }

            int? exitCode;
            WorkerEnd end;
            if (session.KilledFor is { } killed)
            {
                end = killed;
                exitCode = null;
                await session.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            else if (state.Lost || session.Channel.Broken is not null || !grading.IsCompletedSuccessfully)
            {
                // It died by itself (or broke the protocol: then it is killed, and its exit code means nothing).
                bool exited = session.HasExited || await Exited(session);
                if (!exited)
                {
                    session.Note($"grader: the hand-in's host broke the channel ({session.Channel.Broken?.Message}) and was stopped");
                }

                exitCode = exited ? await session.WaitForExitAsync(TimeSpan.FromSeconds(10)) : await KillAsync(session);
                end = WorkerEnd.Crashed;
            }
            else
            {
                exitCode = await session.CloseAsync(TimeSpan.FromSeconds(10));
                end = WorkerEnd.Done;
            }

            lock (state)
            {
                return new WorkerRun(state.Verdicts.ToArray(), end, end == WorkerEnd.Done ? null : state.Running, exitCode, session.LogTail(),
                    state.Startup ?? clock.Elapsed, clock.Elapsed)
                {
                    StoppedBy = end is WorkerEnd.CheckTimedOut or WorkerEnd.CallOverCpu ? state.StoppedBy : null,
                    OutOfMemory = [.. state.OutOfMemory],
                    HangGuard = state.RunHangGuard,
                };
            }
        }
    }

    private static async Task<bool> Exited(HostSession session)
    {
        // A host that broke the channel by dying needs a moment to be reaped.
        for (int i = 0; i < 20 && !session.HasExited; i++)
        {
            await Task.Delay(50);
        }

        return session.HasExited;
    }

    private static async Task<int?> KillAsync(HostSession session)
    {
        session.Kill(WorkerEnd.Crashed);
        await session.WaitForExitAsync(TimeSpan.FromSeconds(10));
        return null;
    }

    /// <summary>The grading thread: load the hand-in, then run the due checks here against it.</summary>
    private static void Grade(HostSession session, WorkerJob job, WorkerLimits limits, State state, Stopwatch clock)
    {
        try
        {
            session.Load(job.Student, job.Image, job.Symbols);
        }
        catch (RemoteHostException e)
        {
            session.Note($"grader: the hand-in's host did not load the hand-in: {e.Message}");
            lock (state)
            {
                state.Lost = true;
            }

            return;
        }

        lock (state)
        {
            state.Startup = clock.Elapsed;
        }

        var skip = job.Skip.ToHashSet(StringComparer.Ordinal);
        // The watchdog below is the check's limit; the check's thread in the grader waits past it by the grace and, for a check that trains, the longest hang guard of a training call.
        var options = job.Config.Options(limits.CheckTime + Grace + (limits.CallCpuBudget is { } perCall ? CallCpu.LongestHangGuard(perCall) : TimeSpan.Zero), (task, check) => !session.IsLost && !skip.Contains(WorkerProtocol.Key(task.Id, check.Check.Id))) with
        {
            OnCheckStarting = (task, check) =>
            {
                lock (state)
                {
                    if (state.OutOfMemory.Count > 0)
                    {
                        // A call that ran out of memory in an earlier check is refused from this check on.
                        session.Refuse([.. job.RefusedCalls, .. state.OutOfMemory]);
                    }
                }

                session.BeginCheck(CallbackBudget.Default);
                var cpu = session.Cpu;
                lock (state)
                {
                    state.CpuAtStart = cpu;
                    state.Running = WorkerProtocol.Key(task.Id, check.Check.Id);
                    state.RunningCheck = $"{task.Id} ({check.Check.Id})";
                    state.RunningSince.Restart();
                    state.HangGuard = TimeSpan.Zero;
                }
            },
            OnCheckFinished = (task, verdict) =>
            {
                lock (state)
                {
                    if (session.IsLost)
                    {
                        // The host died or was killed during this check: what the check saw is no verdict; the runner gives the reason.
                        state.Lost = true;
                        return;
                    }

                    var checkId = verdict.CheckId;
                    if (session.Stopped is { } stopped)
                    {
                        // The check made a call that used up a limit in an earlier check (timed out, over its CPU budget, out of memory).
                        state.Replaced[checkId] = stopped;
                    }
                    else if (session.Meter?.Refusal is { } refusal)
                    {
                        // The hand-in went past the check's callback budget: whatever the check then saw is no verdict.
                        state.Replaced[checkId] = $"{refusal}, so the grader refused the call and this check fails.";
                    }

                    if (state.Replaced.TryGetValue(checkId, out var reason))
                    {
                        // Also for a check shared with an earlier task of this run, whose verdict is reused without a run.
                        verdict = verdict with { Result = CheckResult.Fail(checkId, reason, sheetRef: verdict.Result.SheetRef) };
                    }

                    var cpu = state.CpuAtStart is { } start && session.Cpu is { } end ? (end - start).TotalSeconds : (double?)null;
                    state.Verdicts.Add(WorkerProtocol.Sanitize(verdict with { HandinCpuSeconds = cpu }));
                    state.Running = null;
                }
            },
        };
        HandinGrader.Default.RunChecks(session.Resolve, session.Bind, job.Config.Catalog, options);
    }

    /// <summary>Waits for the grading to end; kills the host (and says why) when a limit is passed or the run is cancelled.</summary>
    private static async Task WatchAsync(HostSession session, Task grading, State state, WorkerLimits limits, TimeSpan timeLeft, Stopwatch clock, CancellationToken cancellationToken)
    {
        // The host's CPU reading when each call in flight was first seen (at most one tick after it was sent).
        var callStarts = new Dictionary<CallInFlight, TimeSpan>(ReferenceEqualityComparer.Instance);
        while (!grading.IsCompleted)
        {
            await Task.WhenAny(grading, Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None));
            WorkerEnd? reason = null;
            CallInFlight? overCpu = null;
            if (limits.CallCpuBudget is { } budget && session.Channel.InFlight is { Count: > 0 } inFlight && session.Cpu is { } cpu)
            {
                foreach (var gone in callStarts.Keys.Where(c => !inFlight.Contains(c, ReferenceEqualityComparer.Instance)).ToArray())
                {
                    callStarts.Remove(gone);
                }

                foreach (var call in inFlight)
                {
                    if (callStarts.TryAdd(call, cpu))
                    {
                        var guard = CallCpu.HangGuard(call.Contract, call.Method, budget);
                        if (guard > TimeSpan.Zero)
                        {
                            lock (state)
                            {
                                // A training call: the check's and the hand-in's wall-clock limits grow by its hang guard (CPU budget × load factor).
                                state.HangGuard += guard;
                                state.RunHangGuard += guard;
                            }
                        }
                    }
                }

                overCpu = CallCpu.OverBudget(inFlight, callStarts, cpu, budget);
            }
            else if (callStarts.Count > 0 && session.Channel.InFlight.Count == 0)
            {
                callStarts.Clear();
            }

            lock (state)
            {
                if (session.StderrBytes > limits.OutputBytes)
                {
                    reason = WorkerEnd.OutputLimit;
                }
                else if (clock.Elapsed > timeLeft + state.RunHangGuard || cancellationToken.IsCancellationRequested)
                {
                    reason = WorkerEnd.HandinTimedOut;
                }
                else if (state.Running is not null && state.RunningSince.Elapsed > limits.CheckTime + state.HangGuard)
                {
                    reason = WorkerEnd.CheckTimedOut;
                    state.StoppedBy = ExhaustedCall.Pick(session.Channel.InFlight, state.RunningCheck!, limits.CheckTime + state.HangGuard);
                }
                else if (state.Running is not null && overCpu is not null)
                {
                    reason = WorkerEnd.CallOverCpu;
                    state.StoppedBy = ExhaustedCall.OverCpu(overCpu, state.RunningCheck!, CallCpu.BudgetOf(overCpu.Contract, overCpu.Method, limits.CallCpuBudget!.Value));
                }
            }

            if (reason is { } r)
            {
                session.Kill(r);
                return;
            }
        }
    }

    private sealed class State
    {
        public List<CheckVerdict> Verdicts { get; } = [];

        public string? Running { get; set; }

        /// <summary>The running check as a tutor reads it: "000/1d/ddim (diffusion.heidelberg.ddim-step-matches-reference)".</summary>
        public string? RunningCheck { get; set; }

        /// <summary>The call to blame when a check timed out or a call passed its CPU budget, if one is.</summary>
        public ExhaustedCall? StoppedBy { get; set; }

        /// <summary>Calls that threw OutOfMemoryException in this host, with the check each did it in.</summary>
        public List<ExhaustedCall> OutOfMemory { get; } = [];

        /// <summary>Reasons that replace a check's verdict, by check id.</summary>
        public Dictionary<string, string> Replaced { get; } = new(StringComparer.Ordinal);

        public Stopwatch RunningSince { get; } = new();

        /// <summary>What the running check's training calls added to its wall-clock limit (<see cref="CallCpu.HangGuard"/>).</summary>
        public TimeSpan HangGuard { get; set; }

        /// <summary>What every training call of this run added to the hand-in's time.</summary>
        public TimeSpan RunHangGuard { get; set; }

        /// <summary>The host's CPU time when the running check started; null when it could not be read.</summary>
        public TimeSpan? CpuAtStart { get; set; }

        public TimeSpan? Startup { get; set; }

        public bool Lost { get; set; }
    }
}
