namespace Grader.Tool.Tests.Package;

/// <summary>
/// The tool package of this build, as a tutor gets it: <c>dotnet pack Graders/Cli</c> (no rebuild, this test build's
/// configuration) and <c>dotnet tool install --tool-path</c> from the folder it was packed to.
/// </summary>
internal static class ToolPackage
{
    /// <summary>The configuration this test project was built in (the package is packed from the same build).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (string Packages, string Tools)? _installed;

    /// <summary>
    /// The tool packed and installed once for the whole test run (each pack and install costs about a minute on 2 cores,
    /// and three fixtures need them): the folder the package was packed to and the tool path it was installed into,
    /// under a temporary folder deleted when the run ends. Tests read them and never change them.
    /// </summary>
    public static async Task<(string Packages, string Tools)> PackedAndInstalled()
    {
        await Once.WaitAsync();
        try
        {
            if (_installed is { } done)
            {
                return done;
            }

            var root = Directory.CreateTempSubdirectory("grader-tool-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A temporary folder left behind; nothing to fail at exit.
                }
            };
            var packages = Path.Combine(root, "packages");
            var tools = Path.Combine(root, "tools");
            (await Pack(packages)).Should().Be(0, "dotnet pack Graders/Cli succeeds");
            (await Install(packages, tools)).Should().Be(0, "dotnet tool install --tool-path succeeds");
            _installed = (packages, tools);
            return (packages, tools);
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>Packs the tool into <paramref name="packages"/>; the exit code of <c>dotnet pack</c>.</summary>
    public static Task<int> Pack(string packages) =>
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "Graders", "Cli"), "-c", Configuration, "--no-build", "-o", packages]);

    /// <summary>Installs the tool packed in <paramref name="packages"/> into <paramref name="tools"/>; the exit code of <c>dotnet tool install</c>.</summary>
    public static Task<int> Install(string packages, string tools) =>
        Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "grader"]);

    /// <summary>Runs <paramref name="program"/> and returns its exit code; its output is printed when it fails.</summary>
    public static async Task<int> Run(string program, IReadOnlyList<string> arguments, params (string Key, string Value)[] environment) =>
        (await Capture(program, arguments, workingDirectory: null, environment)).Exit;

    /// <summary>Runs <paramref name="program"/> in <paramref name="workingDirectory"/> (null: this process's): its exit code and standard output; its output is printed when it fails.</summary>
    public static async Task<(int Exit, string Output)> Capture(string program, IReadOnlyList<string> arguments, string? workingDirectory, params (string Key, string Value)[] environment)
    {
        var start = ProcessResult.StartInfo(program, arguments, workingDirectory);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var result = await ProcessResult.RunAsync(start, TimeSpan.FromMinutes(5));
        TestContext.Out.WriteLine($"$ {Path.GetFileName(program)} {string.Join(' ', arguments.Take(2))} … → {result.Code}");
        if (result.Code != 0)
        {
            TestContext.Out.WriteLine(result.Output);
            TestContext.Out.WriteLine(result.Error);
        }

        return (result.Code, result.Output);
    }
}
