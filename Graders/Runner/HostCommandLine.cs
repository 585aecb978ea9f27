namespace Grader.Runner;

/// <summary>
/// How to start the host of a remote hand-in: the separate program <c>grader-host</c> (Graders/Host: Grader.Remote,
/// Grader.Contracts and Grader.Tensors) when it ships next to the grader in <see cref="Folder"/> (a build and the tool
/// package both ship it), else the grader itself as <c>grader-worker --host</c>, whose folder also holds the checks,
/// the reference and the hidden checks: a plain child process only, since <see cref="Workers.BubblewrapWorker"/> refuses a
/// sandbox that would show that folder.
/// </summary>
public static class HostCommandLine
{
    /// <summary>The folder, next to grader.dll, the separate host ships in.</summary>
    public const string Folder = "host";

    /// <summary>The host's assembly file name.</summary>
    public const string FileName = "grader-host.dll";

    /// <summary>The host for this installation.</summary>
    public static WorkerCommandLine Current { get; } =
        For(Path.Combine(AppContext.BaseDirectory, Folder, FileName)) ?? InGrader(WorkerCommandLine.Current);

    /// <summary><c>grader-worker --host</c> for the grader started by <paramref name="worker"/>.</summary>
    public static WorkerCommandLine InGrader(WorkerCommandLine worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker with { Arguments = [.. worker.Arguments, WorkerArguments.Host] };
    }

    /// <summary>The separate host at <paramref name="hostAssembly"/> (with its own runtime configuration and dependency list); null when it is not there.</summary>
    public static WorkerCommandLine? For(string hostAssembly)
    {
        ArgumentNullException.ThrowIfNull(hostAssembly);
        var runtimeConfig = Path.ChangeExtension(hostAssembly, ".runtimeconfig.json");
        if (!File.Exists(hostAssembly) || !File.Exists(runtimeConfig))
        {
            return null;
        }

        var arguments = new List<string> { "exec", "--runtimeconfig", runtimeConfig };
        var deps = Path.ChangeExtension(hostAssembly, ".deps.json");
        if (File.Exists(deps))
        {
            arguments.AddRange(["--depsfile", deps]);
        }

        arguments.Add(hostAssembly);
        return new WorkerCommandLine(WorkerCommandLine.Current.FileName, arguments);
    }
}
