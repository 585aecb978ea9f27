using Grader.Runner.Host;
using Grader.Runner.Sandbox;




namespace Grader.Runner.Workers;

/// <summary>
/// Runs a job's hand-in in a plain child process, its host (<c>grader-host</c>, or <c>grader-worker --host</c>), and the
/// checks here (<see cref="RemoteCheckRunner"/>, which watches the host from outside: time per check and per hand-in,
/// output cap, a kill of the process tree). The child gets a .NET heap limit, one BLAS thread and a minimal environment
/// (<see cref="WorkerProcess"/>); it is not a sandbox, but started plain the host confines itself before it loads the
/// hand-in, in a private temporary folder, as uid 65534 when the grader is root (<see cref="PlainHost"/>). A
/// <paramref name="launcher"/> turns the host's command line into the one actually started, for a job under its limits:
/// <see cref="BubblewrapWorker"/> wraps it in <c>bwrap …</c>.
/// </summary>
/// <param name="commandLine">How to start <c>grader-worker</c>, whose <c>--host</c> mode serves when <paramref name="hostCommandLine"/> is null; null for the installation's host.</param>
/// <param name="launcher">What to start instead, given the host's command line, the job and its limits; null starts the host itself.</param>
/// <param name="hostCommandLine">
/// How to start the host; null for <paramref name="commandLine"/> with <c>--host</c> when that is given, else
/// <see cref="HostCommandLine.Current"/> (the separate <c>grader-host</c> where it ships).
/// </param>
public sealed class ChildProcessWorker(
    WorkerCommandLine? commandLine = null,
    Func<WorkerCommandLine, WorkerJob, WorkerLimits, WorkerCommandLine>? launcher = null,
    WorkerCommandLine? hostCommandLine = null) : IWorker
{
    /// <summary>The argument that makes <c>grader-worker</c> a host of a remote hand-in.</summary>
    public const string HostOption = WorkerArguments.Host;

    private readonly WorkerCommandLine _hostCommandLine = hostCommandLine ?? (commandLine is null ? HostCommandLine.Current : HostCommandLine.InGrader(commandLine));

    public string Name => "child process";

    public async Task<WorkerRun> RunAsync(WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        var host = HostRuntime.For(_hostCommandLine, job);
        if (launcher is not null)
        {
            return await RemoteCheckRunner.RunAsync(launcher(host, job, limits), job, limits, timeLeft, cancellationToken);
        }

        var temp = PlainHost.CreateTemp();
        // Each fresh host of a training check (RemoteCheckRunner) gets a private temporary folder of its own, made when a
        // check asks for it (a hand-in whose checks never do makes none): a file the first host wrote is no way for the
        // training's state into it. (A bwrap launch gives every process its own /tmp.)
        var freshTemps = new List<string>();
        WorkerCommandLine FreshLaunch()
        {
            var freshTemp = PlainHost.CreateTemp();
            lock (freshTemps)
            {
                freshTemps.Add(freshTemp);
            }

            return PlainHost.Launch(host, freshTemp);
        }

        try
        {
            return await RemoteCheckRunner.RunAsync(PlainHost.Launch(host, temp), job, limits, timeLeft, cancellationToken, freshLaunch: FreshLaunch);
        }
        finally
        {
            PlainHost.RemoveTemp(temp);
            lock (freshTemps)
            {
                freshTemps.ForEach(PlainHost.RemoveTemp);
            }
        }
    }
}
