using System.Runtime.InteropServices;

namespace Grader.Runner;

/// <summary>
/// How to start <c>grader-worker</c> (Graders/Worker: the compile server, the probe's greeting, the host fallback): the
/// dotnet host of the running runtime executing the program beside this very assembly (<see cref="ProgramFile"/>; it
/// ships wherever Grader.Runner does, which references it), so a worker is the same build as its parent wherever the
/// grader runs from (an installed tool, <c>dotnet run</c>, a test). Never the program above the runner (<c>grader</c>).
/// </summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Variables set in the child's environment beyond the minimal one (e.g. its private TMPDIR); null for none.</param>
public sealed record WorkerCommandLine(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>The command line for this installation.</summary>
    public static WorkerCommandLine Current { get; } = Find();

    /// <summary>The worker's program, which ships beside this assembly (Graders/Worker).</summary>
    public const string ProgramFile = "grader-worker.dll";

    private static WorkerCommandLine Find() =>
        For(Path.Combine(Path.GetDirectoryName(typeof(WorkerCommandLine).Assembly.Location)!, ProgramFile));

    /// <summary>
    /// <c>dotnet exec</c> of the program <paramref name="assembly"/> with its own runtime configuration and dependency list,
    /// or, where it has none beside it (loaded by another program, e.g. a test host), the entry program's.
    /// </summary>
    public static WorkerCommandLine For(string assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(dotnetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (!File.Exists(host))
        {
            host = System.Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        }

        var arguments = new List<string> { "exec" };
        var runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        var deps = Path.ChangeExtension(assembly, ".deps.json");
        if (!File.Exists(runtimeConfig) && System.Reflection.Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            // Loaded by another program (a test host): borrow its runtime configuration and dependency list.
            runtimeConfig = Path.ChangeExtension(entry, ".runtimeconfig.json");
            deps = Path.ChangeExtension(entry, ".deps.json");
        }

        arguments.AddRange(["--runtimeconfig", runtimeConfig]);
        if (File.Exists(deps))
        {
            arguments.AddRange(["--depsfile", deps]);
        }

        arguments.Add(assembly);
        return new WorkerCommandLine(host, arguments);
    }
}
