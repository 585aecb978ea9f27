using Grader.Runner.Sandbox;




namespace Grader.Runner.Workers;

/// <summary>
/// Runs a job in a bubblewrap sandbox (see <see cref="SandboxPolicy"/>): a <see cref="ChildProcessWorker"/> whose
/// command line is wrapped in <c>bwrap …</c>, so the watching from outside (time per check and per hand-in, output cap,
/// killing the process tree) is the same, and the worker in addition sees only the runtime and the hand-in's host, has
/// no network, runs as nobody, and has OS limits on processes, memory and file size; the snapshots are not bound (the
/// checks that read them run in the grader). Use it where <see cref="SandboxProbe"/> says the sandbox works
/// (<see cref="WorkerFactory"/> decides).
/// </summary>
public sealed class BubblewrapWorker : IWorker
{
    private readonly ChildProcessWorker _inner;

    /// <param name="policy">The sandbox; <see cref="SandboxProbe.Current"/> gives the one that works here.</param>
    /// <param name="commandLine">How to start <c>grader-worker</c>; null for <see cref="WorkerCommandLine.Current"/>.</param>
    /// <param name="hostCommandLine">How to start the host (see <see cref="ChildProcessWorker"/>); null for the default.</param>
    /// <exception cref="WorkerStartException">The sandbox of the host would show the grader's own folder (see <see cref="SandboxPolicy.Exposed"/>).</exception>
    public BubblewrapWorker(SandboxPolicy policy, WorkerCommandLine? commandLine = null, WorkerCommandLine? hostCommandLine = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        var host = hostCommandLine ?? (commandLine is null ? HostCommandLine.Current : HostCommandLine.InGrader(commandLine));
        if (SandboxPolicy.Exposed(host, SandboxPolicy.SecretFolders()) is var (secret, bound))
        {
            throw new WorkerStartException(
                $"the sandbox would show hand-ins the grader's own folder {secret} (it lies in {bound}, which the sandbox binds read-only), with the checks, the reference solution and the hidden checks; "
                + (File.Exists(Path.Combine(AppContext.BaseDirectory, HostCommandLine.Folder, HostCommandLine.FileName))
                    ? "install the grader outside that folder (for example: dotnet tool install --tool-path ~/grader-tool grader)"
                    : $"its separate host ({HostCommandLine.Folder}/{HostCommandLine.FileName}) is missing beside grader.dll: reinstall the tool, or rebuild Graders/Cli"));
        }

        _inner = new ChildProcessWorker(commandLine, (worker, _, limits) => policy.Wrap(worker, limits, snapshotRoot: null), hostCommandLine);
    }

    /// <summary>The sandbox this worker runs hand-ins in.</summary>
    public SandboxPolicy Policy { get; }

    public string Name => "bubblewrap sandbox";

    public Task<WorkerRun> RunAsync(WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken) =>
        _inner.RunAsync(job, limits, timeLeft, cancellationToken);
}
