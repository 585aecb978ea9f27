using System.Diagnostics;
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
/// <para>
/// A check that builds a trained model asks for a FRESH process of the same hand-in (<see cref="CheckContext.Fresh"/>,
/// issue 66 item 1): a second host, started at the first such call with the same launch, limits and contracts, loaded
/// with the same compiled hand-in, watched by the same watchdog (its calls in flight against the same CPU budgets, its
/// output counted with the first's; a limit it passes ends both) and disposed with the first. A hand-in whose checks
/// never ask for it starts none; one whose fresh host died gets a new one at the next call, and the dead one's CPU
/// (its last reading) still counts to the check. A fresh host that cannot be started or loaded ends the check that
/// asked with an error verdict that says so (as a first host that cannot start ends the run), never with the first
/// host standing in for it.
/// </para>
/// </summary>
public static class RemoteCheckRunner
{
    /// <summary>How long past <see cref="WorkerLimits.CheckTime"/> the grader waits for a check to notice its host is gone.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    /// <summary>Runs <paramref name="job"/>'s checks against a host started with <paramref name="launch"/>.</summary>
    /// <param name="contracts">The contracts the host loads and the hand-in may implement; those of the job's catalog (<see cref="HostContracts.For"/>) when null.</param>
    /// <param name="freshLaunch">How to start a fresh host of a training check (<see cref="CheckContext.Fresh"/>), called only when a check asks for one
    /// (once per fresh host started): <paramref name="launch"/> when null, which must then give each process a private writable folder (bwrap's
    /// <c>/tmp</c>); a plain launch makes its own temporary folder here.</param>
    public static async Task<WorkerRun> RunAsync(WorkerCommandLine launch, WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken,
        ContractSet? contracts = null, Func<WorkerCommandLine>? freshLaunch = null)
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
            session.Channel.Thrown = OnThrown;
            void OnThrown(Type contract, System.Reflection.MethodInfo method, Exception thrown)
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
            }

            HostSession StartFresh()
            {
                // On the grading thread, inside the check that asked: its start and load count to that check's time and CPU.
                HostSession fresh;
                var line = launch;
                try
                {
                    line = freshLaunch?.Invoke() ?? launch;
                    fresh = HostSession.StartAsync(line, limits, contracts ?? HostContracts.For(job.Config)).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
                {
                    throw new FreshHostException($"could not start the hand-in's second host, where the trained model is rebuilt ({line.FileName}: {e.Message}): a fault of the grader's installation, not of the hand-in");
                }

                fresh.Channel.Thrown = OnThrown;
                lock (state)
                {
                    fresh.Refuse([.. job.RefusedCalls, .. state.OutOfMemory]);
                }

                fresh.BeginCheck(CallbackBudget.Default);
                lock (state)
                {
                    state.Fresh = fresh;
                    state.FreshCpuAtStart = TimeSpan.Zero;
                    state.FreshStarts++;
                }

                try
                {
                    fresh.Load(job.Student, job.Image, job.Symbols);
                }
                catch (RemoteHostException e)
                {
                    // Lost from here on: the next check that asks gets another (this one's CPU is counted as a dead one's).
                    fresh.Kill(WorkerEnd.Crashed);
                    throw new FreshHostException($"the hand-in's second host, where the trained model is rebuilt, did not load the hand-in: {e.Message}");
                }

                return fresh;
            }

            var grading = Task.Factory.StartNew(() => Grade(session, job, limits, state, clock, StartFresh), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await WatchAsync(session, grading, state, limits, timeLeft, clock, cancellationToken);
            if (!grading.IsCompleted)
            {
                // The host is dead; a check still running is in the grader's own code and will notice at its next call.
                await Task.WhenAny(grading, Task.Delay(Grace, CancellationToken.None));
            }

            HostSession? freshHost;
            lock (state)
            {
                freshHost = state.Fresh;
                state.Fresh = null;
            }

            if (freshHost is not null)
            {
                // The fresh host goes with the first; what it printed joins the log.
                using (freshHost)
                {
                    if (!freshHost.IsLost)
                    {
                        await freshHost.CloseAsync(TimeSpan.FromSeconds(10));
                    }

                    if (freshHost.LogTail() is { Length: > 0 } freshLog)
                    {
                        session.Note($"grader: the fresh host (the trained model's) wrote:{Environment.NewLine}{freshLog}");
                    }
                }
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
    private static void Grade(HostSession session, WorkerJob job, WorkerLimits limits, State state, Stopwatch clock, Func<HostSession> startFresh)
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
                HostSession? fresh;
                lock (state)
                {
                    fresh = state.Fresh;
                }

                if (fresh is not null)
                {
                    lock (state)
                    {
                        fresh.Refuse([.. job.RefusedCalls, .. state.OutOfMemory]);
                    }

                    fresh.BeginCheck(CallbackBudget.Default);
                }

                var freshCpu = fresh?.Cpu;
                lock (state)
                {
                    state.CpuAtStart = cpu;
                    state.FreshCpuAtStart = freshCpu;
                    state.FreshCpuOfDead = TimeSpan.Zero;
                    state.FreshFailed = null;
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
                    if (session.IsLost || state.Stopping is not null)
                    {
                        // The host died or was killed during this check (or the watchdog is killing both hosts: it kills the
                        // fresh host first, so a call in flight there can end before the first host is gone): what the check
                        // saw is no verdict; the runner gives the reason.
                        state.Lost = true;
                        return;
                    }

                    var checkId = verdict.CheckId;
                    if ((session.Stopped ?? state.Fresh?.Stopped) is { } stopped)
                    {
                        // The check made a call that used up a limit in an earlier check (timed out, over its CPU budget, out of memory).
                        state.Replaced[checkId] = stopped;
                    }
                    else if ((session.Meter?.Refusal ?? state.Fresh?.Meter?.Refusal) is { } refusal)
                    {
                        // The hand-in went past the check's callback budget: whatever the check then saw is no verdict.
                        state.Replaced[checkId] = $"{refusal}, so the grader refused the call and this check fails.";
                    }

                    if (state.Replaced.TryGetValue(checkId, out var reason))
                    {
                        // Also for a check shared with an earlier task of this run, whose verdict is reused without a run.
                        verdict = verdict with { Result = CheckResult.Fail(checkId, reason, sheetRef: verdict.Result.SheetRef) };
                    }
                    else if (state.FreshFailed is { } freshFailed)
                    {
                        // The check could not have its fresh host: no verdict on the hand-in, the grader's reason.
                        verdict = verdict with { Result = CheckResult.Error(checkId, freshFailed, verdict.Result.SheetRef) };
                        state.FreshFailed = null;
                    }

                    var cpu = state.CpuAtStart is { } start && session.Cpu is { } end ? (end - start).TotalSeconds : (double?)null;
                    if (cpu is not null && state.Fresh is { } fresh && state.FreshCpuAtStart is { } freshStart && (fresh.Cpu ?? fresh.LastCpu) is { } freshEnd)
                    {
                        // The fresh host's share of the check (its start-up and load when the check started it; its last reading when it died).
                        cpu += (freshEnd - freshStart).TotalSeconds;
                    }

                    if (cpu is not null)
                    {
                        // Fresh hosts that died during the check and were replaced.
                        cpu += state.FreshCpuOfDead.TotalSeconds;
                    }
                    state.Verdicts.Add(WorkerProtocol.Sanitize(verdict with { HandinCpuSeconds = cpu }));
                    state.Running = null;
                }
            },
        };
        object? ResolveFresh(Type contract)
        {
            HostSession? fresh;
            lock (state)
            {
                fresh = state.Fresh;
            }

            if (fresh is null || fresh.IsLost)
            {
                if (fresh is not null)
                {
                    lock (state)
                    {
                        // The dead host's share of this check until its last reading (the watchdog reads a host with calls in flight 20 times a second).
                        if (state.FreshCpuAtStart is { } freshStart && (fresh.Cpu ?? fresh.LastCpu) is { } last && last > freshStart)
                        {
                            state.FreshCpuOfDead += last - freshStart;
                        }

                        state.Fresh = null;
                    }

                    fresh.Dispose();
                }

                try
                {
                    fresh = startFresh();
                }
                catch (FreshHostException e)
                {
                    lock (state)
                    {
                        state.FreshFailed = e.Message;
                    }

                    session.Note($"grader: {e.Message}");
                    throw;
                }
            }

            return fresh.Resolve(contract);
        }

        HandinGrader.Default.RunChecks(session.Resolve, session.Bind, job.Config.Catalog, options with { Fresh = ResolveFresh });
    }

    /// <summary>Waits for the grading to end; kills the host (and says why) when a limit is passed or the run is cancelled.</summary>
    private static async Task WatchAsync(HostSession session, Task grading, State state, WorkerLimits limits, TimeSpan timeLeft, Stopwatch clock, CancellationToken cancellationToken)
    {
        // Each host's CPU reading when each of its calls in flight was first seen (at most one tick after it was sent).
        var callStarts = new Dictionary<CallInFlight, TimeSpan>(ReferenceEqualityComparer.Instance);
        var freshCallStarts = new Dictionary<CallInFlight, TimeSpan>(ReferenceEqualityComparer.Instance);
        HostSession? watchedFresh = null;
        while (!grading.IsCompleted)
        {
            await Task.WhenAny(grading, Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None));
            WorkerEnd? reason = null;
            HostSession? fresh;
            lock (state)
            {
                fresh = state.Fresh;
            }

            if (!ReferenceEquals(fresh, watchedFresh))
            {
                freshCallStarts.Clear();
                watchedFresh = fresh;
            }

            var overCpu = OverCpu(session, callStarts, state, limits);
            if (fresh is not null && !fresh.IsLost)
            {
                overCpu ??= OverCpu(fresh, freshCallStarts, state, limits);
            }

            lock (state)
            {
                if (session.StderrBytes + (fresh?.StderrBytes ?? 0) > limits.OutputBytes)
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
                    var inFlight = fresh is { Channel.InFlight.Count: > 0 } ? [.. session.Channel.InFlight, .. fresh.Channel.InFlight] : session.Channel.InFlight;
                    state.StoppedBy = ExhaustedCall.Pick(inFlight, state.RunningCheck!, limits.CheckTime + state.HangGuard);
                }
                else if (state.Running is not null && overCpu is not null)
                {
                    reason = WorkerEnd.CallOverCpu;
                    state.StoppedBy = ExhaustedCall.OverCpu(overCpu, state.RunningCheck!, CallCpu.BudgetOf(overCpu.Contract, overCpu.Method, limits.CallCpuBudget!.Value, overCpu.Steps));
                }

                // Decided with the running check under the same lock, before either host dies: a check that ends from
                // here on (its call in a killed host broke) gets no verdict.
                state.Stopping = reason;
            }

            if (reason is { } r)
            {
                // A limit passed in either host ends both: the run is the hand-in's, wherever its code ran.
                fresh?.Kill(r);
                session.Kill(r);
                return;
            }
        }
    }

    /// <summary>
    /// The call in flight in <paramref name="host"/> that passed its CPU budget, if one did; a training call seen for the
    /// first time adds its hang guard to the check's and the run's wall-clock limits.
    /// </summary>
    private static CallInFlight? OverCpu(HostSession host, Dictionary<CallInFlight, TimeSpan> callStarts, State state, WorkerLimits limits)
    {
        if (limits.CallCpuBudget is { } budget && host.Channel.InFlight is { Count: > 0 } inFlight && host.Cpu is { } cpu)
        {
            foreach (var gone in callStarts.Keys.Where(c => !inFlight.Contains(c, ReferenceEqualityComparer.Instance)).ToArray())
            {
                callStarts.Remove(gone);
            }

            foreach (var call in inFlight)
            {
                if (callStarts.TryAdd(call, cpu))
                {
                    var guard = CallCpu.HangGuard(call.Contract, call.Method, budget, call.Steps);
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

            return CallCpu.OverBudget(inFlight, callStarts, cpu, budget);
        }

        if (callStarts.Count > 0 && host.Channel.InFlight.Count == 0)
        {
            callStarts.Clear();
        }

        return null;
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

        /// <summary>The fresh host (the trained model's, <see cref="CheckContext.Fresh"/>) once a check asked for it; null before.</summary>
        public HostSession? Fresh { get; set; }

        /// <summary>The fresh host's CPU time when the running check started (zero when the check started it); null when it could not be read.</summary>
        public TimeSpan? FreshCpuAtStart { get; set; }

        /// <summary>The CPU of fresh hosts that died during the running check and were replaced (up to their last reading).</summary>
        public TimeSpan FreshCpuOfDead { get; set; }

        /// <summary>Why the running check could not have its fresh host (it could not be started or loaded); null when it could.</summary>
        public string? FreshFailed { get; set; }

        /// <summary>How many fresh hosts this run started (a new one replaces one that died).</summary>
        public int FreshStarts { get; set; }

        public bool Lost { get; set; }

        /// <summary>Why the watchdog is ending the run, set before it kills the hosts; null while the run goes on.</summary>
        public WorkerEnd? Stopping { get; set; }
    }
}
