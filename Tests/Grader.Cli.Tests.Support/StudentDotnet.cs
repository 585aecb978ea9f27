using System.Text;

namespace Grader.Cli.Tests.Support;

/// <summary>
/// <c>dotnet build</c> or <c>dotnet test</c> in a student repository, as the student runs it: a child process with
/// what this test host's MSBuild and VSTest set (and the hand-in override) taken out, its output and error joined.
/// </summary>
internal static class StudentDotnet
{
    /// <summary>Runs <c>dotnet &lt;verb&gt;</c> in <paramref name="folder"/> as a fresh run (no build server outlives it); fails the test after <paramref name="limit"/>.</summary>
    public static (int Exit, string Output) Run(string folder, string verb, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(verb);
        start.ArgumentList.Add("--disable-build-servers"); // no MSBuild node or compiler server outlives the test

        // The child is a fresh run, not part of this test host's: drop what the host's MSBuild and VSTest set, and the hand-in override.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key == "GRADER_HANDIN")
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet {verb} in the student repository did not finish within {limit.TotalMinutes} minutes:\n{Text(output)}");
        }

        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
