namespace Grader.Tests.Support;

/// <summary>A finished process: its exit code and what it wrote.</summary>
public sealed record ProcessResult(int Code, string Output, string Error)
{
    /// <summary>Runs <paramref name="program"/> to its end (or fails the test after <paramref name="limit"/>), capturing its output.</summary>
    public static ProcessResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit, string? directory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
            start.WorkingDirectory = directory;
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not end within {limit}");
        }

        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}
