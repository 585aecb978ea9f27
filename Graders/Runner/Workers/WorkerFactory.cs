using Grader.Runner.Sandbox;

namespace Grader.Runner.Workers;

/// <summary>
/// Chooses how hand-ins run: in a bubblewrap sandbox (<see cref="BubblewrapWorker"/>) where it works, else as plain
/// child processes (<see cref="ChildProcessWorker"/>) with a warning. The environment variable
/// <see cref="Variable"/> forces a choice: <c>none</c> (plain child processes), <c>bwrap</c> (the sandbox, or a refusal
/// when it does not work here); unset, empty or <c>auto</c> probes. <c>--require-sandbox</c> (a tutor's CI) is the
/// same refusal as <c>bwrap</c>: no hand-in runs outside the sandbox, and the message names the cause and the fix.
/// </summary>
public static class WorkerFactory
{
    /// <summary>The environment variable that forces a choice: none, bwrap or auto.</summary>
    public const string Variable = "GRADER_SANDBOX";

    /// <summary>The command-line flag that refuses to run hand-ins outside the sandbox (as <see cref="Variable"/>=bwrap does).</summary>
    public const string RequireOption = "--require-sandbox";

    /// <summary>The worker for this machine; <paramref name="warning"/> is a one-line notice when hand-ins are not sandboxed.</summary>
    /// <exception cref="WorkerStartException"><see cref="Variable"/> asks for bwrap and it does not work here, or has an unknown value.</exception>
    public static IWorker Create(out string? warning) => Create(requireSandbox: false, out warning);

    /// <summary>The worker for this machine; with <paramref name="requireSandbox"/> the sandbox or a <see cref="WorkerStartException"/>.</summary>
    /// <exception cref="WorkerStartException">The sandbox is required (by the flag or by <see cref="Variable"/>=bwrap) and does not work here, or <see cref="Variable"/> has an unknown value.</exception>
    public static IWorker Create(bool requireSandbox, out string? warning) =>
        Create(Environment.GetEnvironmentVariable(Variable), requireSandbox, () => SandboxProbe.Current, null, out warning);

    /// <summary>The worker for <paramref name="choice"/> (the value of <see cref="Variable"/>), probing with <paramref name="probe"/> when needed.</summary>
    public static IWorker Create(string? choice, Func<SandboxStatus> probe, WorkerCommandLine? commandLine, out string? warning) =>
        Create(choice, requireSandbox: false, probe, commandLine, out warning);

    /// <summary>
    /// The worker for <paramref name="choice"/> (the value of <see cref="Variable"/>) and <paramref name="requireSandbox"/>
    /// (<see cref="RequireOption"/>), probing with <paramref name="probe"/> when needed.
    /// </summary>
    public static IWorker Create(string? choice, bool requireSandbox, Func<SandboxStatus> probe, WorkerCommandLine? commandLine, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(probe);
        warning = null;
        switch (choice?.Trim().ToLowerInvariant())
        {
            case "none" when requireSandbox:
                throw new WorkerStartException(
                    $"refusing to run hand-ins outside the sandbox ({RequireOption}), and {Variable}=none asks for plain child processes: unset {Variable} (or set it to bwrap).");
            case "none":
                warning = $"{Variable}=none: hand-ins run as plain child processes with time, memory and output limits, {PlainReach()}";
                return new ChildProcessWorker(commandLine);
            case "bwrap":
            case null or "" or "auto" when requireSandbox:
            {
                var status = probe();
                warning = status.Weakened;
                return status.Usable
                    ? new BubblewrapWorker(status.Policy!, commandLine)
                    : throw new WorkerStartException(Refusal(requireSandbox ? RequireOption : $"{Variable}=bwrap", status));
            }

            case null or "" or "auto":
            {
                var status = probe();
                if (status.Usable)
                {
                    warning = status.Weakened;
                    return new BubblewrapWorker(status.Policy!, commandLine);
                }

                warning = $"bubblewrap is not available here ({status.Problem}); hand-ins run as plain child processes with time, memory and output limits, {PlainReach()}";
                return new ChildProcessWorker(commandLine);
            }

            default:
                throw new WorkerStartException($"{Variable} must be none, bwrap or auto, not \"{choice}\"");
        }
    }

    /// <summary>The one line that refuses the run: what asked for the sandbox (<paramref name="switchName"/>), why it does not work, and the fix.</summary>
    public static string Refusal(string switchName, SandboxStatus status)
    {
        ArgumentNullException.ThrowIfNull(switchName);
        ArgumentNullException.ThrowIfNull(status);
        var fix = status.Fix ?? SandboxProbe.NamespaceFix();
        return $"refusing to run hand-ins outside the sandbox ({switchName}): bubblewrap is not available here: {status.Problem}. No hand-in was run. To fix it: {fix}.";
    }

    /// <summary>The line a run prints first, so its log shows where the hand-ins ran (e.g. "sandbox: bubblewrap (/usr/bin/bwrap) …").</summary>
    public static string Describe(IWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker switch
        {
            BubblewrapWorker b => $"sandbox: bubblewrap ({b.Policy.Bwrap}): hand-ins run with no network, in user, pid and mount namespaces of their own, as uid {SandboxPolicy.SandboxId}"
                + (b.Policy.Setpriv is null && SandboxPolicy.GraderIsRoot ? " (root on the host)" : ""),
            _ => $"sandbox: none: hand-ins run as plain child processes ({worker.Name}; {PlainHost.Describe()})",
        };
    }

    /// <summary>What a plain child process can still reach, for the warning every unsandboxed run prints.</summary>
    private static string PlainReach() => PlainHost.Weakness is { } weakness
        ? $"but {weakness}"
        : "confined by Landlock to the runtime and their own folder (no other file, no program"
            + (Grader.Remote.Host.HostConfinement.Abi >= 4 ? ", no TCP connection" : "")
            + "), but in the grader's pid and network namespaces";
}
