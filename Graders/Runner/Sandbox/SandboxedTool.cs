using System.ComponentModel;
using System.Diagnostics;

namespace Grader.Runner.Sandbox;

/// <summary>
/// Runs a fixed system program (poppler's PDF tools) on a student's file, as a hand-in runs: in the bubblewrap sandbox
/// (<see cref="SandboxPolicy.WrapTool"/>) when the run's worker is sandboxed, else as the runner's fallback for hand-ins
/// does (<see cref="PlainHost"/>): a plain child with the same <c>prlimit</c> limits, a cleared environment, a private
/// 0700 temporary folder as its home, and uid 65534 when the grader is root (wherever the grader is installed: the
/// program's own files decide, <see cref="PlainHost.SetprivFor"/>). Either way the file goes in on stdin and the
/// result comes back on stdout, so the program is given no path of the tutor's machine; wall time and output are watched
/// from here and the program is killed past them. Nothing it does throws: the outcome says what happened.
/// </summary>
public static class SandboxedTool
{
    /// <summary>How one run ended.</summary>
    /// <param name="ExitCode">Its exit code; null when it was killed (time, output) or did not start.</param>
    /// <param name="Output">What it wrote to stdout (at most the limit).</param>
    /// <param name="Error">The start of what it wrote to stderr, or why it did not start or was killed.</param>
    /// <param name="Killed">Why it was killed from outside ("it ran longer than 30 s"), or null.</param>
    public sealed record Outcome(int? ExitCode, byte[] Output, string Error, string? Killed)
    {
        /// <summary>True when it ended by itself with exit code 0.</summary>
        public bool Succeeded => ExitCode == 0 && Killed is null;
    }

    private const int ErrorChars = 2000;

    /// <summary>Runs <paramref name="command"/> (a full path and its fixed arguments) on <paramref name="input"/>, in <paramref name="policy"/>'s sandbox, or plainly when it is null.</summary>
    public static Outcome Run(SandboxPolicy? policy, IReadOnlyList<string> command, byte[] input, ToolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        string? temp = null;
        try
        {
            WorkerCommandLine line;
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            if (policy is not null)
            {
                line = policy.WrapTool(command, limits);
            }
            else
            {
                temp = PlainHost.CreateTemp();
                foreach (var (key, value) in SandboxPolicy.ToolEnvironment)
                {
                    environment[key] = key == "PATH" ? value : temp;
                }

                var prlimit = new[] { "/usr/bin/prlimit", "/bin/prlimit" }.FirstOrDefault(File.Exists);
                IReadOnlyList<string> limited = prlimit is null ? command : [prlimit, .. limits.PrlimitOptions(), "--", .. command];
                var id = SandboxPolicy.SandboxId.ToString(CultureInfo.InvariantCulture);
                line = PlainHost.SetprivFor(limited.Take(1).Append(command[0]).Where(Path.IsPathFullyQualified)) is { } setpriv
                    ? new WorkerCommandLine(setpriv, [$"--reuid={id}", $"--regid={id}", "--clear-groups", "--", .. limited])
                    : new WorkerCommandLine(limited[0], limited.Skip(1).ToArray());
            }

            return Execute(line, environment, temp ?? Path.GetTempPath(), input, limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or InvalidOperationException)
        {
            return new Outcome(null, [], $"{Path.GetFileName(command[0])} did not start: {e.Message}", null);
        }
        finally
        {
            if (temp is not null)
            {
                PlainHost.RemoveTemp(temp);
            }
        }
    }

    private static Outcome Execute(WorkerCommandLine line, Dictionary<string, string> environment, string workingDirectory, byte[] input, ToolLimits limits)
    {
        var start = new ProcessStartInfo(line.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        foreach (var argument in line.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        string? killed = null;
        var feed = Task.Run(() =>
        {
            try
            {
                process.StandardInput.BaseStream.Write(input);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It stopped reading (it failed on the file, or was killed): its exit says why.
            }
        });
        var error = Task.Run(() => ReadStart(process.StandardError.BaseStream, ErrorChars));
        var output = Task.Run(() =>
        {
            var bytes = StudentFile.ReadCapped(process.StandardOutput.BaseStream, limits.OutputBytes);
            if (bytes is null)
            {
                killed = $"it wrote more than {limits.OutputBytes / (1024 * 1024)} MiB";
                Kill(process);
            }

            return bytes ?? [];
        });
        if (!process.WaitForExit(limits.WallTime))
        {
            killed ??= string.Create(CultureInfo.InvariantCulture, $"it ran longer than {limits.WallTime.TotalSeconds:0} s");
            Kill(process);
        }

        process.WaitForExit();
        Task.WaitAll([feed, error, output], TimeSpan.FromSeconds(10));
        var text = error.IsCompletedSuccessfully ? Encoding.UTF8.GetString(error.Result) : "";
        var exit = killed is null ? process.ExitCode : (int?)null;
        return new Outcome(exit, output.IsCompletedSuccessfully ? output.Result : [], text, killed);
    }

    /// <summary>The first <paramref name="cap"/> bytes of <paramref name="stream"/>; the rest is read and dropped.</summary>
    private static byte[] ReadStart(Stream stream, int cap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, (int)Math.Min(read, Math.Max(0, cap - buffer.Length)));
        }

        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
