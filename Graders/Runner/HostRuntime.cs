using Grader.Tensors;

namespace Grader.Runner;

/// <summary>
/// The .NET runtime settings of a host process, whichever worker starts it (<c>BubblewrapWorker</c> through
/// <see cref="Sandbox.SandboxPolicy"/>, the plain <c>ChildProcessWorker</c> through <see cref="WorkerProcess"/>):
/// its heap limit, the GC and JIT settings it grades under, and what makes it compute as the grader does.
/// </summary>
public static class HostRuntime
{
    /// <summary>
    /// The large-object threshold of a host's GC (<c>DOTNET_GCLOHThreshold</c>): arrays up to 16 MiB are allocated in
    /// gen0. A hand-in's network on a grader's batch (the V check samples 2000 points through 250 steps; the INN check
    /// evaluates 20,000 events with 128 hidden units, 10 MB a layer) allocates arrays past the default 85,000 bytes at
    /// every layer; on the large-object heap each is fresh memory, collected only with gen2. Measured on 14 hand-ins of
    /// the bundled cohort, two rounds side by side: hosts' CPU 48.5 / 44.5 s → 38.6 / 36.6 s, page faults −31 %, the run
    /// 45.8 / 43.2 s → 37.5 / 36.4 s (docs/measurements/2026-11-25-v-training-budget.md, "Hosts' large-object heap").
    /// </summary>
    public const int LargeObjectThreshold = 0x1000000;

    /// <summary>
    /// The smallest gen0 budget of a host's GC (<c>DOTNET_GCgen0size</c>, read only from the environment): 32 MiB. With
    /// concurrent GC on, a workstation GC's gen0 budget is at most 6 MiB, so once the arrays of a training step (up to
    /// <see cref="LargeObjectThreshold"/>) are allocated in gen0, a collection came every few arrays, each copying the
    /// step's live autograd graph to gen1. The benchmarks' environment (Tests/Benchmarks/README.md) measured 32 MiB
    /// best on the engine's workloads (64 MiB was slower on W2); with <see cref="Environment"/>'s no background GC,
    /// the hosts' CPU side by side on the bundled cohort: docs/measurements/2026-11-26-main-command-round3.md.
    /// </summary>
    public const int Gen0Budget = 0x2000000;

    /// <summary>
    /// What a host whose job has no training check due (<see cref="WorkerJob.Trains"/>) runs with beyond
    /// <see cref="Environment"/>: no tiered compilation. The host's precompiled code (ReadyToRun) then runs as it is and what
    /// has none is JIT-compiled once, optimised; with tiering, a host of a quick pass (about a second of checks) spent a
    /// third of its CPU on its tiering thread re-JIT-compiling methods at tier 1 that it would not call again. Measured side
    /// by side, same seed, same verdicts and messages: docs/measurements/2026-11-26-main-command-round4.md.
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithoutTraining { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_TieredCompilation"] = "0",
    };

    /// <summary>
    /// What a host whose job has a training check due runs with beyond <see cref="Environment"/>: no tiered compilation
    /// either, and the tensor engine without its precompiled code (<c>DOTNET_ReadyToRunExcludeList</c>), so each engine
    /// method is JIT-compiled once, optimised, when first called. A training check runs the engine's hot methods
    /// thousands of times: with tiering they ran as ReadyToRun code and were JIT-compiled again at tier 1 on the tiering
    /// thread (≈ 12 % of such a host's CPU, beside 3 % of JIT on its main thread); without tiering but with the
    /// ReadyToRun code they kept code that cannot inline across assemblies (the INN training check's host 1.70 s of
    /// CPU against 1.39 s, docs/measurements/2026-11-23-main-command.md). The rest of the host (the channel, the
    /// framework) keeps its precompiled code. Only how the code is compiled changes, not what it computes: the
    /// bundled cohort's gradebook, outcomes and messages are identical; side by side, the hosts' CPU in the checks'
    /// calls 0.95× (the V check's 0.92×), the whole run's 0.97× (docs/measurements/2026-11-26-main-command-round5.md).
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithTraining { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_ReadyToRunExcludeList"] = typeof(Tensor).Assembly.GetName().Name!,
    };

    /// <summary><paramref name="host"/> as it starts for <paramref name="job"/>: with <see cref="WithTraining"/> or <see cref="WithoutTraining"/>.</summary>
    public static WorkerCommandLine For(WorkerCommandLine host, WorkerJob job)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(job);
        var environment = new Dictionary<string, string>(host.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in job.Trains ? WithTraining : WithoutTraining)
        {
            environment[key] = value;
        }

        return host with { Environment = environment };
    }

    /// <summary>
    /// The variables, for a host whose .NET heap may grow to <paramref name="limits"/>' <see cref="WorkerLimits.HeapBytes"/>.
    /// All are the grader's own settings but the last part, <see cref="ArithmeticProfile.ChildEnvironment"/>: the
    /// tutor's JIT instruction-set switches (<c>DOTNET_EnableAVX512</c>, <c>DOTNET_EnableHWIntrinsic</c>, … by a fixed
    /// pattern of names) and the OpenBLAS core type the grader's OpenBLAS chose (so <c>OPENBLAS_CORETYPE=Haswell</c> in
    /// the tutor's shell reaches it), which make a host compute as the grader does, and let a tutor emulate a machine
    /// without AVX-512 in the hosts too. Passing them is safe: they come from the environment of the tutor who started
    /// the grader, never from a hand-in (whose code runs only in the host, after these are set); they can only narrow
    /// the instructions and kernels the host uses; and nothing else of the tutor's environment (tokens, paths, other
    /// <c>DOTNET_</c> or <c>OPENBLAS_</c> variables) reaches a host (Tests/Grader.Grading.Tests/Sandbox/HostEnvironmentTests).
    /// OpenBLAS's threads are not the tutor's: one per host, set here and again by the engine (<c>Gemm</c>); OpenBLAS is
    /// the pthreads build, so <c>OMP_NUM_THREADS</c> does not apply.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(WorkerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return
        [
            new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
            new("DOTNET_GCHeapHardLimit", limits.HeapBytes.ToString("X", CultureInfo.InvariantCulture)),
            new("DOTNET_gcServer", "0"),
            new("DOTNET_GCLOHThreshold", LargeObjectThreshold.ToString("X", CultureInfo.InvariantCulture)),
            new("DOTNET_GCgen0size", Gen0Budget.ToString("X", CultureInfo.InvariantCulture)),
            // No background GC thread: a host is single-threaded work on a machine whose other core grades another hand-in.
            new("DOTNET_gcConcurrent", "0"),
            new("DOTNET_TieredPGO", "0"),
            new("OPENBLAS_NUM_THREADS", "1"),
            // No diagnostics socket in the shared temporary folder (another process of the user could attach a profiler
            // through it), no debugger or profiler attach.
            new("DOTNET_EnableDiagnostics", "0"),
            .. ArithmeticProfile.ChildEnvironment(),
        ];
    }
}
