namespace Grader.Cli.Tests.Support;

/// <summary>The grader of this build as a process of its own (<c>dotnet exec … grader.dll …</c>), as a tutor or a workflow starts it.</summary>
internal static class GraderCli
{
    /// <summary>The grader's program in this build's output.</summary>
    public static string Program { get; } = Path.Combine(AppContext.BaseDirectory, "grader.dll");

    /// <summary>
    /// How to start the grader with <paramref name="arguments"/>, stdin, stdout and stderr redirected, in
    /// <paramref name="workingDirectory"/>; <paramref name="prefix"/> (e.g. <c>setpriv --reuid=65534 …</c>) runs first.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyList<string>? prefix = null)
    {
        var grader = WorkerCommandLine.For(Program);
        var command = (prefix ?? []).Append(grader.FileName).Concat(grader.Arguments).Concat(arguments).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs <paramref name="start"/> to its end and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
