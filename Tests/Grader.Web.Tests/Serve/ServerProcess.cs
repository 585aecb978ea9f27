using Grader.Serve;

namespace Grader.Web.Tests.Serve;

/// <summary><c>grader serve</c> as a process of its own on a free port (the grader of this build, <see cref="GraderCli"/>).</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Starts the server (with <paramref name="options"/> of <c>grader serve</c> besides the course) and waits for the address it listens on.</summary>
    public static Task<ServerProcess> StartAsync(string course, params string[] options) => StartAsync(course, new Dictionary<string, string>(), options);

    /// <summary>As <see cref="StartAsync(string, string[])"/>, with <paramref name="environment"/> set for the server's process.</summary>
    public static async Task<ServerProcess> StartAsync(string course, IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        var start = GraderCli.StartInfo(["serve", "--course", course, "--urls", "http://127.0.0.1:0", .. options]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ServeProgram.ListeningOn, StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.ReadToEndAsync();
                    return new ServerProcess(process, line[ServeProgram.ListeningOn.Length..].Trim());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        throw new AssertionException($"grader serve did not say where it listens: {await error}");
    }

    /// <summary>
    /// SIGTERM (as a service manager or Ctrl+C stops the server), then waits for the process to end, however long its
    /// shutdown takes (a hang guard of two minutes only); returns its exit code.
    /// </summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
            kill.ExitCode.Should().Be(0, "kill -TERM reached the server");
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await _process.WaitForExitAsync(guard.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to grader serve and the web app's program it started (grader-serve); returns the exit code (137).</summary>
    public int Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
