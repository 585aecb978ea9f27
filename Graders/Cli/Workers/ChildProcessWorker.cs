using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Grader.Cli.Workers;

/// <summary>
/// Runs a job in a plain child process (<c>grader worker</c>) and watches it from outside: it knows which check is
/// running from the worker's "start" lines, kills the process tree when that check or the hand-in runs out of time or
/// the output grows past its cap, and reads replies only from lines that carry the job's nonce.
/// The child gets a .NET heap limit, one BLAS thread and a minimal environment; it is not a sandbox (it can read what
/// the grader's user can read).
/// <para>
/// A <paramref name="launcher"/> turns the worker's command line into the one actually started, for a job under its
/// limits: <see cref="BubblewrapWorker"/> wraps it in <c>bwrap …</c>. The process is started on a thread of its own that
/// lives until the process has exited, because a child that asks for a signal when its parent dies
/// (<c>bwrap --die-with-parent</c>, <c>PR_SET_PDEATHSIG</c>) gets it when the <em>thread</em> that started it ends, and
/// thread-pool threads end when they have been idle for a while.
/// </para>
/// </summary>
/// <param name="commandLine">How to start <c>grader worker</c>; null for <see cref="WorkerCommandLine.Current"/>.</param>
/// <param name="launcher">What to start instead, given the worker's command line, the job and its limits; null starts the worker itself.</param>
public sealed class ChildProcessWorker(WorkerCommandLine? commandLine = null, Func<WorkerCommandLine, WorkerJob, WorkerLimits, WorkerCommandLine>? launcher = null) : IWorker
{
    private const int LogTailChars = 16 * 1024;

    private readonly WorkerCommandLine _commandLine = commandLine ?? WorkerCommandLine.Current;

    public string Name => "child process";

    public async Task<WorkerRun> RunAsync(WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        var launch = launcher is null ? _commandLine : launcher(_commandLine, job, limits);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = WorkerProtocol.Utf8,
            StandardErrorEncoding = WorkerProtocol.Utf8,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Configure(start.Environment, limits);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            try
            {
                await StartOnOwnThread(process, release.Task);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                return new WorkerRun(null, [], WorkerEnd.StartFailed, null, null, $"could not start the worker ({launch.FileName}): {e.Message}", TimeSpan.Zero, clock.Elapsed);
            }

            return await RunStartedAsync(process, job, limits, timeLeft, clock, cancellationToken);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    /// <summary>
    /// Starts <paramref name="process"/> on a new thread that stays alive until <paramref name="release"/> completes
    /// (after the process has exited or been killed); the task fails with whatever kept the process from starting.
    /// </summary>
    private static Task StartOnOwnThread(Process process, Task release)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }

            started.SetResult();
            release.Wait();
        })
        {
            IsBackground = true,
            Name = "grader worker parent",
        };
        thread.Start();
        return started.Task;
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

    /// <summary>The child's environment: nothing of the grader's but what the runtime needs, plus its limits.</summary>
    private static void Configure(IDictionary<string, string?> environment, WorkerLimits limits)
    {
        var keep = new[] { "PATH", "DOTNET_ROOT", "LANG", "TMPDIR" };
        foreach (var key in environment.Keys.ToArray())
        {
            if (!keep.Contains(key, StringComparer.Ordinal))
            {
                environment.Remove(key);
            }
        }

        environment["HOME"] = Path.GetTempPath();
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_GCHeapHardLimit"] = limits.HeapBytes.ToString("X", CultureInfo.InvariantCulture);
        environment["DOTNET_gcServer"] = "0";
        environment["DOTNET_TieredPGO"] = "0";
        environment["OPENBLAS_NUM_THREADS"] = "1";
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
                Kill(process);
                await exited.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
                return reason;
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
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
