using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Grader.Cli.Remote;

namespace Grader.Cli.Workers;

/// <summary>
/// Runs a job in a plain child process and watches it from outside. The child gets a .NET heap limit, one BLAS thread
/// and a minimal environment (<see cref="WorkerProcess"/>, which also starts it on a thread that outlives it); it is not
/// a sandbox (it can read what the grader's user can read).
/// <list type="bullet">
/// <item><see cref="CheckPlacement.Grader"/> (the default): the child is the hand-in's host (<c>grader worker --host</c>)
/// and the checks run here (<see cref="RemoteCheckRunner"/>): the worker never holds an expected value.</item>
/// <item><see cref="CheckPlacement.Worker"/>: the child is <c>grader worker</c>, which runs the checks itself and
/// answers in JSON lines; this side knows which check is running from its "start" lines, kills the process tree when
/// that check or the hand-in runs out of time or the output grows past its cap, and reads replies only from lines
/// that carry the job's nonce.</item>
/// </list>
/// A <paramref name="launcher"/> turns the worker's command line into the one actually started, for a job under its
/// limits: <see cref="BubblewrapWorker"/> wraps it in <c>bwrap …</c>.
/// </summary>
/// <param name="commandLine">How to start <c>grader worker</c>; null for <see cref="WorkerCommandLine.Current"/>.</param>
/// <param name="launcher">What to start instead, given the worker's command line, the job and its limits; null starts the worker itself.</param>
/// <param name="placement">Where the checks run.</param>
/// <param name="hostCommandLine">
/// How to start the host with <see cref="CheckPlacement.Grader"/>; null for <paramref name="commandLine"/> with
/// <c>--host</c> when that is given, else <see cref="HostCommandLine.Current"/> (the separate <c>grader-host</c> where it ships).
/// </param>
public sealed class ChildProcessWorker(
    WorkerCommandLine? commandLine = null,
    Func<WorkerCommandLine, WorkerJob, WorkerLimits, WorkerCommandLine>? launcher = null,
    CheckPlacement placement = CheckPlacement.Grader,
    WorkerCommandLine? hostCommandLine = null) : IWorker
{
    /// <summary>The argument that makes <c>grader worker</c> a host of a remote hand-in.</summary>
    public const string HostOption = "--host";

    private const int LogTailChars = 16 * 1024;

    private readonly WorkerCommandLine _commandLine = commandLine ?? WorkerCommandLine.Current;

    private readonly WorkerCommandLine _hostCommandLine = hostCommandLine ?? (commandLine is null ? HostCommandLine.Current : HostCommandLine.InGrader(commandLine));

    public string Name => "child process";

    /// <summary>Where this worker's checks run.</summary>
    public CheckPlacement Placement => placement;

    public async Task<WorkerRun> RunAsync(WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        var worker = placement == CheckPlacement.Grader ? _hostCommandLine : _commandLine;
        var launch = launcher is null ? worker : launcher(worker, job, limits);
        if (placement == CheckPlacement.Grader)
        {
            return await RemoteCheckRunner.RunAsync(launch, job, limits, timeLeft, cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        WorkerProcess started;
        try
        {
            started = await WorkerProcess.StartAsync(launch, limits);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return new WorkerRun(null, [], WorkerEnd.StartFailed, null, null, $"could not start the worker ({launch.FileName}): {e.Message}", TimeSpan.Zero, clock.Elapsed);
        }

        using (started)
        {
            return await RunStartedAsync(started.Process, job, limits, timeLeft, clock, cancellationToken);
        }
    }

    private static async Task<WorkerRun> RunStartedAsync(Process process, WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, Stopwatch clock, CancellationToken cancellationToken)
    {
        var state = new State(job.Nonce, limits.OutputBytes);
        var stdout = Task.Run(() => Pump(process.StandardOutput, state, isReplyChannel: true), CancellationToken.None);
        var stderr = Task.Run(() => Pump(process.StandardError, state, isReplyChannel: false), CancellationToken.None);
        try
        {
            var text = JsonSerializer.Serialize(job, WorkerProtocol.Json);
            await process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The worker died before it read its job; that shows below as a crash.
        }

        var end = await WatchAsync(process, state, limits, timeLeft, clock, cancellationToken);
        await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        if (end is null)
        {
            end = state.Done ? WorkerEnd.Done : WorkerEnd.Crashed;
        }

        lock (state)
        {
            return new WorkerRun(
                state.Compile,
                state.Verdicts.ToArray(),
                end.Value,
                state.Running,
                end is WorkerEnd.Done or WorkerEnd.Crashed && process.HasExited ? process.ExitCode : null,
                state.LogTail(),
                state.Startup ?? clock.Elapsed,
                clock.Elapsed);
        }
    }

    /// <summary>Waits for the process to exit; kills it (and says why) when a limit is passed or the run is cancelled.</summary>
    private static async Task<WorkerEnd?> WatchAsync(Process process, State state, WorkerLimits limits, TimeSpan timeLeft, Stopwatch clock, CancellationToken cancellationToken)
    {
        var exited = process.WaitForExitAsync(CancellationToken.None);
        while (true)
        {
            var finished = await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None));
            if (finished == exited)
            {
                return null;
            }

            WorkerEnd? reason = null;
            lock (state)
            {
                if (state.OutputExceeded)
                {
                    reason = WorkerEnd.OutputLimit;
                }
                else if (clock.Elapsed > timeLeft)
                {
                    reason = WorkerEnd.HandinTimedOut;
                }
                else if (state.Running is not null && state.RunningSince.Elapsed > limits.CheckTime)
                {
                    reason = WorkerEnd.CheckTimedOut;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                reason = WorkerEnd.HandinTimedOut;
            }

            if (reason is not null)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                await exited.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
                return reason;
            }
        }
    }

    /// <summary>Reads one stream line by line, each line cut at <see cref="WorkerProtocol.MaxLineChars"/>, counting bytes against the cap.</summary>
    private static void Pump(StreamReader reader, State state, bool isReplyChannel)
    {
        var line = new StringBuilder();
        var buffer = new char[8192];
        bool cut = false;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (state)
            {
                state.OutputChars += read;
                if (state.OutputChars > state.OutputCap)
                {
                    state.OutputExceeded = true;
                    return;
                }
            }

            for (int i = 0; i < read; i++)
            {
                char c = buffer[i];
                if (c == '\n')
                {
                    Accept(line.ToString(), state, isReplyChannel, cut);
                    line.Clear();
                    cut = false;
                }
                else if (line.Length < WorkerProtocol.MaxLineChars)
                {
                    line.Append(c);
                }
                else
                {
                    cut = true;
                }
            }
        }

        if (line.Length > 0)
        {
            Accept(line.ToString(), state, isReplyChannel, cut);
        }
    }

    private static void Accept(string line, State state, bool isReplyChannel, bool cut)
    {
        var message = isReplyChannel && !cut ? WorkerProtocol.Parse(line, state.Nonce) : null;
        lock (state)
        {
            if (message is null)
            {
                state.Log(cut ? line[..Math.Min(line.Length, 200)] + " … (line cut)" : line);
                return;
            }

            switch (message.Kind)
            {
                case WorkerProtocol.Ready:
                    state.Startup ??= state.Clock.Elapsed;
                    break;
                case WorkerProtocol.Compiled when message.Compile is not null:
                    state.Compile ??= message.Compile with { Errors = message.Compile.Errors ?? [] };
                    break;
                case WorkerProtocol.Start when message.Key is not null:
                    state.Running = message.Key;
                    state.RunningSince.Restart();
                    break;
                case WorkerProtocol.Verdict when message.Verdict is not null:
                    var verdict = WorkerProtocol.Sanitize(message.Verdict);
                    state.Verdicts.Add(verdict);
                    if (state.Running == verdict.Key)
                    {
                        state.Running = null;
                    }

                    break;
                case WorkerProtocol.Done:
                    state.Done = true;
                    state.Running = null;
                    break;
            }
        }
    }

    private sealed class State(string nonce, long outputCap)
    {
        private readonly StringBuilder _log = new();

        public string Nonce { get; } = nonce;

        public long OutputCap { get; } = outputCap;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public long OutputChars { get; set; }

        public bool OutputExceeded { get; set; }

        public TimeSpan? Startup { get; set; }

        public CompileRecord? Compile { get; set; }

        public List<CheckRecord> Verdicts { get; } = [];

        public string? Running { get; set; }

        public Stopwatch RunningSince { get; } = new();

        public bool Done { get; set; }

        public void Log(string line)
        {
            _log.AppendLine(line);
            if (_log.Length > 2 * LogTailChars)
            {
                _log.Remove(0, _log.Length - LogTailChars);
            }
        }

        public string LogTail() => _log.Length <= LogTailChars ? _log.ToString() : "…" + _log.ToString(_log.Length - LogTailChars, LogTailChars);
    }
}
