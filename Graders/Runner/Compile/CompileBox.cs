using System.Collections.Concurrent;
using System.Reflection;
using Grader.Contracts.Diffusion;

namespace Grader.Runner.Compile;

/// <summary>
/// Where the grader compiles hand-ins: warm compile servers in child processes (<see cref="CompilerProcess"/>), at most
/// <see cref="Servers"/> of them, each compiling one hand-in at a time and replaced when a hand-in kills it. A compiler
/// bomb costs its hand-in a "did not compile" with the reason and nothing else; the rest of the cohort is compiled by a
/// fresh server. Every server pays Roslyn's warm-up (its JIT) once, so fewer servers cost less: a compilation takes a
/// fraction of a second and a hand-in's checks several, so one server keeps up with several graded at once
/// (<see cref="ServersFor"/>).
/// </summary>
public sealed class CompileBox : IDisposable
{
    private readonly ConcurrentBag<CompilerProcess> _idle = [];
    private readonly WorkerCommandLine _launch;
    private readonly SemaphoreSlim _gate;
    private bool _disposed;
    private int _started;
    private int _expected;
    private long _serversTicks;

    /// <param name="limits">Time and memory per hand-in.</param>
    /// <param name="launch">How to start <c>grader-worker</c> (default: this installation).</param>
    /// <param name="servers">How many servers may compile at once (a further hand-in waits for one to be free).</param>
    public CompileBox(CompileLimits limits, WorkerCommandLine? launch = null, int servers = 1)
    {
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        _launch = launch ?? WorkerCommandLine.Current;
        Servers = servers;
        _gate = new SemaphoreSlim(servers, servers);
    }

    /// <summary>The limits every compilation runs under.</summary>
    public CompileLimits Limits { get; }

    /// <summary>The most servers that compile at once.</summary>
    public int Servers { get; }

    /// <summary>How many servers this box has started so far (replacements included).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>
    /// The processor time of the servers this box has stopped (<see cref="CompilerProcess.ProcessorTime"/>): after
    /// <see cref="Dispose"/>, every server it started, so a caller can tell the servers' share of its children's CPU.
    /// </summary>
    public TimeSpan ServersCpu => TimeSpan.FromTicks(Interlocked.Read(ref _serversTicks));

    /// <summary>
    /// From how many hand-ins per server a server runs Roslyn JIT-compiled once instead of its ReadyToRun code
    /// (<see cref="CompilerProcess.ManyHandinsRuntime"/>): the JIT's ≈ 7 s of CPU up front against ≈ 0.2 s saved per hand-in
    /// breaks even near 23 hand-ins (quick pass of the bundled cohort, 58 hand-ins, one server: 0.87× the run's CPU); 40
    /// leaves a margin, so a `grader check`, a CI run and a small cohort keep the precompiled code.
    /// </summary>
    public const int JitOnceFrom = 40;

    /// <summary>Tells the box how many hand-ins it is about to compile (a run's hand-ins to grade), before its first server starts.</summary>
    public void Expect(int handins)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(handins);
        Volatile.Write(ref _expected, handins);
    }

    /// <summary>Whether the servers this box starts from now on run Roslyn JIT-compiled once (<see cref="JitOnceFrom"/>).</summary>
    public bool JitOnce => Volatile.Read(ref _expected) >= JitOnceFrom * Servers;

    /// <summary>Servers for <paramref name="jobs"/> hand-ins graded at once: one per four.</summary>
    public static int ServersFor(int jobs) => Math.Max(1, (jobs + 3) / 4);

    /// <summary>Compiles <paramref name="source"/> against Grader.Contracts and the assemblies of <paramref name="contracts"/>.</summary>
    /// <exception cref="WorkerStartException">No compile server could be started.</exception>
    public async Task<EmittedHandin> EmitAsync(HandinSource source, IEnumerable<Type> contracts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(contracts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var assemblies = contracts.Select(c => c.Assembly).Where(a => a != typeof(NoiseSchedule).Assembly).Distinct().ToArray();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_idle.TryTake(out var process))
            {
                Interlocked.Increment(ref _started);
                process = await CompilerProcess.StartAsync(_launch, Limits, cancellationToken, manyHandins: JitOnce);
            }

            try
            {
                return await process.EmitAsync(source, assemblies, Limits, cancellationToken);
            }
            finally
            {
                if (process.Usable && !_disposed)
                {
                    _idle.Add(process);
                }
                else
                {
                    Stop(process);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every idle compile server.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var process))
        {
            Stop(process);
        }
    }

    private void Stop(CompilerProcess process)
    {
        process.Dispose();
        Interlocked.Add(ref _serversTicks, process.ProcessorTime.Ticks);
    }
}
