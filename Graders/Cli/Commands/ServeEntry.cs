using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Grader.Cli.Commands;

/// <summary>
/// Starts <c>grader-serve</c> (Graders/Serve), the web app's own program beside <c>grader</c>: the only program that needs
/// the ASP.NET Core runtime, so <c>grader</c> starts on the .NET runtime alone (Graders/Cli/README.md). The child shares
/// this process's stdin, stdout and stderr; Ctrl+C, SIGTERM and SIGQUIT reach it (a terminal signals both; a signal to
/// this process alone is passed on), and its exit code is this command's. Where this .NET has no ASP.NET Core, it says
/// so in one line instead of the .NET host's page.
/// </summary>
public static class ServeEntry
{
    /// <summary>The web app's program, beside grader.dll.</summary>
    public const string ProgramFile = "grader-serve.dll";

    /// <summary>The shared framework grader-serve needs beside Microsoft.NETCore.App.</summary>
    public const string Framework = "Microsoft.AspNetCore.App";

    /// <summary>The .NET installation this process runs on (its <c>dotnet</c> and <c>shared/</c>).</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>True when <see cref="DotnetRoot"/> has ASP.NET Core of this runtime's major version.</summary>
    public static bool AspNetCoreInstalled
    {
        get
        {
            var folder = Path.Combine(DotnetRoot, "shared", Framework);
            return Directory.Exists(folder)
                && Directory.EnumerateDirectories(folder, $"{Environment.Version.Major}.*").Any();
        }
    }

    /// <summary>The one line said where the web app cannot start for want of ASP.NET Core.</summary>
    public static string Missing =>
        $"'grader serve' runs the web app on ASP.NET Core ({Framework} {Environment.Version.Major}.x), which this .NET ({DotnetRoot}) does not have; "
        + $"every other command runs without it. Install it (Debian/Ubuntu: sudo apt-get install aspnetcore-runtime-{Environment.Version.Major}.0; "
        + $"elsewhere: dotnet-install.sh --runtime aspnetcore --channel {Environment.Version.Major}.0) and start 'grader serve' again.";

    /// <summary>
    /// For <c>grader serve --help</c> where this .NET has no ASP.NET Core: one line (for stderr; the help itself stays as
    /// <c>docs/commands.md</c> has it) saying the web app cannot start here; null for any other command line.
    /// </summary>
    public static string? HelpNote(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var help = args.Count >= 2 && args[0] == "serve" && args.Skip(1).Any(a => a is "-h" or "--help" or "-?")
            && !args.Skip(1).Any(a => a is "tutor" or "student");
        return help && !AspNetCoreInstalled ? $"grader serve: note: {Missing}" : null;
    }

    /// <summary>Runs grader-serve with <paramref name="arguments"/> and returns its exit code; problems starting it go to <paramref name="error"/>.</summary>
    public static int Run(IReadOnlyList<string> arguments, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(error);
        var program = Path.Combine(AppContext.BaseDirectory, ProgramFile);
        if (!File.Exists(program))
        {
            error.WriteLine($"grader serve: {ProgramFile} is missing beside grader.dll ({AppContext.BaseDirectory}): reinstall the tool, or build Graders/Cli again.");
            return ExitCodes.InfrastructureFailure;
        }

        if (!AspNetCoreInstalled)
        {
            error.WriteLine($"grader serve: {Missing}");
            return ExitCodes.InfrastructureFailure;
        }

        var line = WorkerCommandLine.For(program);
        var start = new ProcessStartInfo(line.FileName) { UseShellExecute = false };
        foreach (var argument in line.Arguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new IOException($"could not start {program}");
        using var interrupt = Forward(PosixSignal.SIGINT, 2, child);
        using var terminate = Forward(PosixSignal.SIGTERM, 15, child);
        using var quit = Forward(PosixSignal.SIGQUIT, 3, child);
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>Keeps <paramref name="signal"/> from ending this process and passes it on to <paramref name="child"/>, which decides.</summary>
    private static PosixSignalRegistration? Forward(PosixSignal signal, int number, Process child)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            if (!child.HasExited)
            {
                _ = Kill(child.Id, number);
            }
        });
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
