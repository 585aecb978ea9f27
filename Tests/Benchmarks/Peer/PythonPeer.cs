using System.Text;
using System.Text.Json;

namespace Grader.Benchmarks.Peer;

/// <summary>
/// The PyTorch side of the peer benchmark: <c>/usr/bin/python3 Peer/workloads.py</c>, started once and driven over
/// stdin/stdout one JSON line at a time (<c>{"cmd":"run","workload":"W1","seconds":3}</c> in,
/// <c>{"workload","steps","seconds","steps_per_s"}</c> out).
/// </summary>
public sealed class PythonPeer : IDisposable
{
    public const string Python = "/usr/bin/python3";
    public const string InstallHint = "apt-get install python3-torch libopenblas0-pthread";

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    /// <summary>PyTorch's version string, as the peer reports it.</summary>
    public string TorchVersion { get; }

    /// <summary>The intra-op thread count PyTorch runs with (1).</summary>
    public int Threads { get; }

    private PythonPeer(Process process, string torchVersion, int threads)
    {
        _process = process;
        TorchVersion = torchVersion;
        Threads = threads;
    }

    /// <summary>Starts the peer and waits for its ready line; a missing python3 or torch is a <see cref="PeerUnavailableException"/>.</summary>
    public static PythonPeer Start(string script)
    {
        if (!File.Exists(Python))
            throw new PeerUnavailableException($"{Python} was not found. The PyTorch peer needs Debian's python3 and torch: {InstallHint}");
        if (!File.Exists(script))
            throw new PeerUnavailableException($"the peer script {script} was not found (it ships next to the benchmark binary as Peer/workloads.py)");
        var psi = new ProcessStartInfo(Python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add("-u");
        psi.ArgumentList.Add(script);
        var process = Process.Start(psi) ?? throw new PeerUnavailableException($"could not start {Python}");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        var ready = process.StandardOutput.ReadLine();
        if (ready is null)
        {
            process.WaitForExit();
            string err;
            lock (stderr) err = stderr.ToString().Trim();
            var last = err.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(no output)";
            var hint = err.Contains("No module named 'torch'", StringComparison.Ordinal)
                ? $"PyTorch is not installed for {Python}"
                : $"the PyTorch peer exited with code {process.ExitCode}";
            throw new PeerUnavailableException($"{hint}: {last}\nInstall the peer's dependencies with: {InstallHint}");
        }
        using var doc = JsonDocument.Parse(ready);
        var root = doc.RootElement;
        var peer = new PythonPeer(process, root.GetProperty("torch").GetString() ?? "?", root.GetProperty("threads").GetInt32());
        lock (stderr) peer._stderr.Append(stderr);
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (peer._stderr) peer._stderr.AppendLine(e.Data); };
        return peer;
    }

    /// <summary>
    /// Runs <paramref name="workload"/> for about <paramref name="seconds"/> on the PyTorch side: steps per second of
    /// wall time, and per second of the process's CPU time.
    /// </summary>
    public Rate Run(string workload, double seconds)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(new { cmd = "run", workload, seconds }));
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit(5000);
            string err;
            lock (_stderr) err = _stderr.ToString().Trim();
            throw new PeerUnavailableException($"the PyTorch peer stopped while running {workload}:\n{err}");
        }
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        return new Rate(root.GetProperty("steps_per_s").GetDouble(),
            root.TryGetProperty("steps_per_cpu_s", out var cpu) ? cpu.GetDouble() : double.NaN);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("{\"cmd\": \"quit\"}");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(5000)) _process.Kill();
            }
        }
        catch (IOException) { }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

/// <summary>Steps per second of wall time and per second of the process's CPU time (user + system, all threads).</summary>
public readonly record struct Rate(double PerSecond, double PerCpuSecond);

/// <summary>The PyTorch peer cannot run here (no python3, no torch, or the script is missing).</summary>
public sealed class PeerUnavailableException(string message) : Exception(message);
