using System.Runtime.InteropServices;

namespace Grader.Cli.Tests.Support;

/// <summary>
/// A .NET installation with the runtime alone, as a node that grades has it: a copy of this machine's <c>dotnet</c>
/// host, <c>host/fxr</c> and <c>shared/Microsoft.NETCore.App</c> in a temporary folder, without
/// <c>shared/Microsoft.AspNetCore.App</c> (copied, not linked: the host finds its frameworks beside its own real path,
/// and the sandbox binds the runtime's folder). <see cref="Start"/> runs the grader of this build on it.
/// </summary>
internal sealed class RuntimeOnlyDotnet : IDisposable
{
    private RuntimeOnlyDotnet(string root) => Root = root;

    /// <summary>The installation's folder (its <c>dotnet</c>, <c>host/</c>, <c>shared/</c>).</summary>
    public string Root { get; }

    /// <summary>Copies the runtime this process runs on into a new temporary folder.</summary>
    public static RuntimeOnlyDotnet Create()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
        var installation = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var host = Path.Combine(installation, "dotnet");
        if (!File.Exists(host) || !Directory.Exists(Path.Combine(installation, "host", "fxr")))
        {
            Assert.Ignore($"this .NET ({installation}) is not laid out as dotnet/, host/fxr/, shared/ in one folder");
        }

        var root = Directory.CreateTempSubdirectory("grader-runtime-only-").FullName;
        File.Copy(host, Path.Combine(root, "dotnet"));
        Copy(Path.Combine(installation, "host"), Path.Combine(root, "host"));
        Copy(runtime, Path.Combine(root, "shared", "Microsoft.NETCore.App", Path.GetFileName(runtime)));
        return new RuntimeOnlyDotnet(root);
    }

    /// <summary>The grader of this build with <paramref name="arguments"/> on this installation alone (<c>DOTNET_ROOT</c> too).</summary>
    public ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = GraderCli.StartInfo(arguments);
        start.FileName = Path.Combine(Root, "dotnet");
        start.Environment["DOTNET_ROOT"] = Root;
        start.Environment.Remove("DOTNET_ROOT_X64");
        start.Environment.Remove("DOTNET_ROLL_FORWARD");
        return start;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still ending in it; the temporary folder is cleaned with the machine.
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
