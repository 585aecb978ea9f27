namespace Grader.Tests.Support;

/// <summary>A finished process: its exit code and what it wrote.</summary>
public sealed record ProcessResult(int Code, string Output, string Error)
{
    /// <summary>How to start <paramref name="program"/> with <paramref name="arguments"/>, stdout and stderr redirected, in <paramref name="directory"/> (null: this process's).</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, string? directory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
            start.WorkingDirectory = directory;
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Runs <paramref name="program"/> to its end (or fails the test after <paramref name="limit"/>), capturing its output.</summary>
    public static ProcessResult Run(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit, string? directory = null)
    {
        var start = StartInfo(program, arguments, directory);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return Run(start, limit);
    }

    /// <summary>Runs <paramref name="start"/> (its output redirected) to its end, or fails the test after <paramref name="limit"/>.</summary>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan limit)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within {limit}");
        }

        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>As <see cref="Run(ProcessStartInfo, TimeSpan)"/>, awaiting the process instead of blocking a thread.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan limit)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not end within {limit}");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
