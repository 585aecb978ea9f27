using System.Reflection;

namespace Grader.Runner.Compile;

/// <summary>
/// One compile server as the grader holds it (<see cref="CompileServer"/> in a child process): warmed up when started,
/// then sent one hand-in at a time. A compilation that passes <see cref="CompileLimits.Time"/> kills the process; one
/// that exhausts <see cref="CompileLimits.HeapBytes"/> or crashes it ends it. Either way the hand-in gets a compile
/// error saying why, and the process is not used again.
/// </summary>
public sealed class CompilerProcess : IDisposable
{
    /// <summary>The id of the compile errors the limits give.</summary>
    public const string RuleId = "GRADER004";

    /// <summary>The option of <c>grader-worker</c> that runs the compile server.</summary>
    public const string Option = WorkerArguments.Compile;

    private readonly WorkerProcess _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Task<string> _stderr;
    private TimeSpan? _timedOut;
    private long _processorTicks;

    private CompilerProcess(WorkerProcess process)
    {
        _process = process;
        _input = process.Process.StandardInput.BaseStream;
        _output = process.Process.StandardOutput.BaseStream;
        _stderr = Tail(process.Process.StandardError);
    }

    /// <summary>False once the process was killed, crashed or broke the framing: it must be replaced.</summary>
    public bool Usable { get; private set; } = true;

    /// <summary>
    /// The server's processor time at its last reading: while it compiles (every <see cref="Poll"/>) and in
    /// <see cref="Dispose"/> just before the kill, so after disposal it is the server's whole processor time (less at
    /// most one poll's worth when it was killed for its limit or had already ended).
    /// </summary>
    public TimeSpan ProcessorTime => TimeSpan.FromTicks(Interlocked.Read(ref _processorTicks));

    /// <summary>
    /// The compile server's runtime settings beyond a host's (<see cref="Runner.HostRuntime"/>): no tiered compilation.
    /// Roslyn is precompiled (ReadyToRun, <c>Graders/Worker/WorkerReadyToRun.targets</c>); with tiering, the runtime re-JITs its hot
    /// methods at tier 1 on a background thread, and in a server that compiles one cohort that re-JIT was most of its
    /// processor time (perf, 10 hand-ins: the tiering thread 52 % of the server's samples, the JIT 37 %). Without it the
    /// precompiled code runs as it is and only what has none is JIT-compiled, once, optimised.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Runtime { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_TieredCompilation"] = "0",
    };

    /// <summary>
    /// <see cref="Runtime"/> for a server that will compile many hand-ins (<see cref="CompileBox.JitOnceFrom"/>): also no
    /// ReadyToRun code, so Roslyn is JIT-compiled once, optimised. Precompiled code kept for a server's life is slower
    /// than the JIT's: Roslyn compiling the bundled cohort's 57 hand-ins in one process took 31.3–31.8 s of CPU with its
    /// ReadyToRun code and 20.2 s with every method JIT-compiled once, the JIT's time included; but the JIT costs about
    /// 7 s up front, so one `grader check` took 2.2× the CPU (docs/measurements/2026-11-26-quick-pass-round5.md).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ManyHandinsRuntime { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_ReadyToRun"] = "0",
    };

    private static Dictionary<string, string> WithRuntime(IReadOnlyDictionary<string, string>? environment, IReadOnlyDictionary<string, string> runtime)
    {
        var merged = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in runtime)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Starts a compile server with <paramref name="launch"/> (<c>grader-worker</c>) and compiles a small hand-in to warm it.</summary>
    /// <param name="manyHandins">The server will compile many hand-ins: run it with <see cref="ManyHandinsRuntime"/>, else <see cref="Runtime"/>.</param>
    /// <exception cref="WorkerStartException">It could not be started or did not answer the warm-up.</exception>
    public static async Task<CompilerProcess> StartAsync(WorkerCommandLine launch, CompileLimits limits, CancellationToken cancellationToken, bool manyHandins = false)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(limits);
        WorkerProcess process;
        try
        {
            process = await WorkerProcess.StartAsync(launch with { Arguments = [.. launch.Arguments, Option], Environment = WithRuntime(launch.Environment, manyHandins ? ManyHandinsRuntime : Runtime) },
                WorkerLimits.Default with { HeapBytes = limits.HeapBytes });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            throw new WorkerStartException($"could not start the compile server ({launch.FileName}): {e.Message}");
        }

        var compiler = new CompilerProcess(process);
        var warmUp = new HandinSource("warm-up", [new HandinFile("WarmUp.cs", "namespace WarmUp;\npublic static class Ready { public static int Answer => 42; }\n")]);
        var reply = await compiler.SendAsync(new CompileRequest(warmUp.Name, warmUp.Files, []), TimeSpan.FromMinutes(5), cancellationToken);
        if (reply is not { Success: true })
        {
            var why = reply is null ? await compiler.Ended() : "it did not compile a trivial hand-in";
            compiler.Dispose();
            throw new WorkerStartException($"the compile server did not start: {why}");
        }

        return compiler;
    }

    /// <summary>Compiles <paramref name="source"/> against <paramref name="contractAssemblies"/> within <paramref name="limits"/>.</summary>
    public async Task<EmittedHandin> EmitAsync(HandinSource source, IReadOnlyList<Assembly> contractAssemblies, CompileLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(contractAssemblies);
        ArgumentNullException.ThrowIfNull(limits);
        var request = new CompileRequest(source.Name, source.Files, contractAssemblies.Select(a => a.Location).ToArray());
        var reply = await SendAsync(request, limits.Time, cancellationToken);
        if (reply is null)
        {
            return Failed(await Ended(), limits);
        }

        if (reply.OutOfMemory)
        {
            Usable = false;
            return Failed($"compiling this hand-in needed more than {limits.HeapBytes >> 20} MiB of memory, the grader's limit", limits);
        }

        var result = new CompileResult(reply.Success, reply.Errors, reply.Warnings, TimeSpan.FromSeconds(reply.Seconds), null) { Excluded = reply.Excluded ?? [] };
        return new EmittedHandin(result, reply.Success ? reply.Image : null, reply.Success ? reply.Symbols : null);
    }

    /// <summary>Kills the process (if it still runs) and releases it.</summary>
    public void Dispose()
    {
        Usable = false;
        try
        {
            ReadProcessorTime();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It already ended: the last reading stands.
        }

        _process.Kill();
        _process.Dispose();
    }

    /// <summary>How often the server's processor time is read while it compiles.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Wall time, in multiples of the processor-time limit, after which a compilation is stopped whatever it used.</summary>
    public const int Backstop = 10;

    private async Task<CompileReply?> SendAsync(CompileRequest request, TimeSpan limit, CancellationToken cancellationToken)
    {
        var exchange = Task.Run(() =>
        {
            CompileFrames.Write(_input, request);
            return CompileFrames.Read<CompileReply>(_output);
        }, CancellationToken.None);
        // The limit is processor time, not wall time: a bomb burns the processor, while an honest hand-in on a loaded
        // machine only waits longer. Wall time past Backstop times the limit ends it too (a server that hangs).
        TimeSpan start;
        try
        {
            start = ReadProcessorTime();
        }
        catch (InvalidOperationException)
        {
            start = ProcessorTime; // it exited already (a server that dies at once): the exchange ends with it
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (!exchange.IsCompleted)
        {
            await Task.WhenAny(exchange, Task.Delay(Poll, timeout.Token));
            cancellationToken.ThrowIfCancellationRequested();
            if (exchange.IsCompleted)
            {
                break;
            }

            TimeSpan used;
            try
            {
                used = ReadProcessorTime() - start;
            }
            catch (InvalidOperationException)
            {
                continue; // it exited: the exchange ends with it
            }

            if (used > limit || clock.Elapsed > Backstop * limit)
            {
                Usable = false;
                _timedOut = limit;
                _process.Kill();
                await Task.WhenAny(exchange, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
                return null;
            }
        }

        await timeout.CancelAsync();
        try
        {
            return await exchange;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
        {
            Usable = false;
            return null;
        }
    }

    /// <summary>Reads the server's processor time into <see cref="ProcessorTime"/> and returns it.</summary>
    /// <exception cref="InvalidOperationException">The process has exited.</exception>
    private TimeSpan ReadProcessorTime()
    {
        var process = _process.Process;
        process.Refresh();
        var used = process.TotalProcessorTime;
        Interlocked.Exchange(ref _processorTicks, used.Ticks);
        return used;
    }

    /// <summary>Why the process stopped answering: the time limit, or how it ended (waits briefly for it to exit).</summary>
    private async Task<string> Ended()
    {
        Usable = false;
        if (_timedOut is { } limit)
        {
            return string.Create(CultureInfo.InvariantCulture, $"compiling this hand-in took more than {limit.TotalSeconds:0} s of processor time, the grader's limit (an honest hand-in compiles in about a second)");
        }

        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.Process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        var log = await _stderr;
        if (log.Contains("OutOfMemoryException", StringComparison.Ordinal))
        {
            return "compiling this hand-in exhausted the compiler's memory, the grader's limit";
        }

        if (log.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
        {
            return "compiling this hand-in overflowed the compiler's stack";
        }

        int? code = _process.Process.HasExited ? _process.Process.ExitCode : null;
        return $"the compiler stopped on this hand-in{(code is { } c ? $" (exit code {c})" : "")}";
    }

    private static EmittedHandin Failed(string why, CompileLimits limits) =>
        new(new CompileResult(false, [new CompileDiagnostic("(hand-in)", 0, 0, RuleId, $"did not compile: {why}")], 0, limits.Time, null), null, null);

    /// <summary>The last 16 KiB of <paramref name="reader"/>, read to its end.</summary>
    private static Task<string> Tail(StreamReader reader) => Task.Run(async () =>
    {
        var tail = new System.Text.StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, n);
            if (tail.Length > 16 << 10)
            {
                tail.Remove(0, tail.Length - (16 << 10));
            }
        }

        return tail.ToString();
    });
}
