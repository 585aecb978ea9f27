namespace Grader.Cli.Workers;

/// <summary>
/// Chooses how hand-ins run: in a bubblewrap sandbox (<see cref="BubblewrapWorker"/>) where it works, else as plain
/// child processes (<see cref="ChildProcessWorker"/>) with a warning. The environment variable
/// <see cref="Variable"/> forces a choice: <c>none</c> (plain child processes), <c>bwrap</c> (the sandbox, or an error
/// when it does not work here); unset, empty or <c>auto</c> probes.
/// </summary>
public static class WorkerFactory
{
    /// <summary>The environment variable that forces a choice: none, bwrap or auto.</summary>
    public const string Variable = "GRADER_SANDBOX";

    /// <summary>The worker for this machine; <paramref name="warning"/> is a one-line notice when hand-ins are not sandboxed.</summary>
    /// <exception cref="WorkerStartException"><see cref="Variable"/> asks for bwrap and it does not work here, or has an unknown value.</exception>
    public static IWorker Create(out string? warning) =>
        Create(Environment.GetEnvironmentVariable(Variable), () => SandboxProbe.Current, null, out warning);

    /// <summary>The worker for <paramref name="choice"/> (the value of <see cref="Variable"/>), probing with <paramref name="probe"/> when needed.</summary>
    public static IWorker Create(string? choice, Func<SandboxStatus> probe, WorkerCommandLine? commandLine, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(probe);
        warning = null;
        switch (choice?.Trim().ToLowerInvariant())
        {
            case "none":
                warning = $"{Variable}=none: hand-ins run as plain child processes with time, memory and output limits but can read what you can read";
                return new ChildProcessWorker(commandLine);
            case "bwrap":
            {
                var status = probe();
                warning = status.Weakened;
                return status.Usable
                    ? new BubblewrapWorker(status.Policy!, commandLine)
                    : throw new WorkerStartException($"{Variable}=bwrap, but bubblewrap is not available here ({status.Problem})");
            }

            case null or "" or "auto":
            {
                var status = probe();
                if (status.Usable)
                {
                    warning = status.Weakened;
                    return new BubblewrapWorker(status.Policy!, commandLine);
                }

                warning = $"bubblewrap is not available here ({status.Problem}); hand-ins run as plain child processes with time, memory and output limits but can read what you can read";
                return new ChildProcessWorker(commandLine);
            }

            default:
                throw new WorkerStartException($"{Variable} must be none, bwrap or auto, not \"{choice}\"");
        }
    }
}
