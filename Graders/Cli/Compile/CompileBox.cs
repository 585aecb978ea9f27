using System.Collections.Concurrent;
using System.Reflection;
using Grader.Checks.Handins;
using Grader.Cli.Workers;
using Grader.Contracts.Diffusion;

namespace Grader.Cli.Compile;

/// <summary>
/// Where the grader compiles hand-ins: warm compile servers in child processes (<see cref="CompilerProcess"/>), one per
/// hand-in being compiled at a time, each replaced when a hand-in kills it. A compiler bomb costs its hand-in a
/// "did not compile" with the reason and nothing else; the rest of the cohort is compiled by a fresh server.
/// </summary>
public sealed class CompileBox : IDisposable
{
    private readonly ConcurrentBag<CompilerProcess> _idle = [];
    private readonly WorkerCommandLine _launch;
    private bool _disposed;

    /// <param name="limits">Time and memory per hand-in.</param>
    /// <param name="launch">How to start <c>grader worker</c> (default: this installation).</param>
    public CompileBox(CompileLimits limits, WorkerCommandLine? launch = null)
    {
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _launch = launch ?? WorkerCommandLine.Current;
    }

    /// <summary>The limits every compilation runs under.</summary>
    public CompileLimits Limits { get; }

    /// <summary>Compiles <paramref name="source"/> against Grader.Contracts and the assemblies of <paramref name="contracts"/>.</summary>
    /// <exception cref="WorkerStartException">No compile server could be started.</exception>
    public async Task<EmittedHandin> EmitAsync(HandinSource source, IEnumerable<Type> contracts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(contracts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var assemblies = contracts.Select(c => c.Assembly).Where(a => a != typeof(NoiseSchedule).Assembly).Distinct().ToArray();
        if (!_idle.TryTake(out var process))
        {
            process = await CompilerProcess.StartAsync(_launch, Limits, cancellationToken);
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
                process.Dispose();
            }
        }
    }

    /// <summary>Stops every idle compile server.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var process))
        {
            process.Dispose();
        }
    }
}
