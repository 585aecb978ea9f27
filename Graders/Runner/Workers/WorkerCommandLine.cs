using System.Runtime.InteropServices;

namespace Grader.Runner.Workers;

/// <summary>
/// How to start <c>grader worker</c>: the dotnet host of the running runtime executing the program beside this very
/// assembly (<see cref="ProgramFile"/>), so a worker is the same build as its parent wherever the grader runs from (an
/// installed tool, <c>dotnet run</c>, a test).
/// </summary>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Variables set in the child's environment beyond the minimal one (e.g. its private TMPDIR); null for none.</param>
public sealed record WorkerCommandLine(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>The command line for this installation.</summary>
    public static WorkerCommandLine Current { get; } = Find();

    /// <summary>The grader's program, which ships beside this assembly (Graders/Cli).</summary>
    public const string ProgramFile = "grader.dll";

    private static WorkerCommandLine Find()
    {
        var assembly = Path.Combine(Path.GetDirectoryName(typeof(WorkerCommandLine).Assembly.Location)!, ProgramFile);
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

        arguments.AddRange([assembly, "worker"]);
        return new WorkerCommandLine(host, arguments);
    }
}
