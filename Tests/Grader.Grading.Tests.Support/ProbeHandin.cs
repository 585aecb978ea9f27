namespace Grader.Grading.Tests.Support;

/// <summary>
/// A hand-in that tries, from inside its worker, what a sandbox must forbid — read the repository, other hand-ins, the
/// hidden checks' sources and /etc/shadow, write outside /tmp, reach the network and the host's loopback — and what it
/// allows, and reports each as <c>name=ALLOWED[: detail]</c> or <c>name=DENIED (Exception: message)</c> in the
/// message of the exception its <c>IsValid</c> throws (compiled without the allowlist, so it may call System.IO and
/// System.Net). Files it writes carry <see cref="Marker"/> in their names, for cleaning up.
/// </summary>
internal sealed class ProbeHandin
{
    public const string Tag = "PROBE";

    /// <summary>The actions the sandbox must deny.</summary>
    public static readonly string[] Forbidden =
    [
        "read-repo", "list-handins", "read-handin", "read-hidden-source", "read-shadow", "list-home",
        "write-repo", "write-grader-folder", "write-root", "write-dev", "tcp-internet", "tcp-host-loopback", "dns",
    ];

    public ProbeHandin(int hostPort)
    {
        Marker = "sandbox-probe-" + Guid.NewGuid().ToString("N");
        var repo = RepositoryRoot.Path;
        var handins = Path.Combine(repo, "fixtures", "handins");
        var zip = Directory.GetFiles(handins, "*.zip").Order(StringComparer.Ordinal).First();
        var hidden = Directory.GetFiles(Path.Combine(repo, "Graders", "Hidden"), "*.cs").Order(StringComparer.Ordinal).First();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } h ? h : "/root";
        WrittenFiles = [Path.Combine(repo, Marker), Path.Combine(GraderFolder, Marker)];
        Source = SandboxKit.Throwing("probe", Tag, $$"""
                    var results = new List<string>();
                    void Try(string name, Func<string?> action)
                    {
                        string outcome;
                        try
                        {
                            var detail = action();
                            outcome = detail is null ? "ALLOWED" : "ALLOWED: " + detail;
                        }
                        catch (Exception e)
                        {
                            var inner = e is AggregateException { InnerException: { } i } ? i : e;
                            outcome = "DENIED (" + inner.GetType().Name + ": " + inner.Message + ")";
                        }

                        outcome = outcome.Replace('|', '/').Replace('\n', ' ').Replace('\r', ' ');
                        results.Add(name + "=" + (outcome.Length > 240 ? outcome[..240] : outcome));
                    }

                    string Connect(string host, int port)
                    {
                        using var client = new TcpClient();
                        if (!client.ConnectAsync(host, port).Wait(3000)) throw new TimeoutException("no answer within 3 s");
                        return "connected";
                    }

                    Try("tmp-before", () => Directory.GetFileSystemEntries("/tmp").Length + " entries");
                    Try("read-repo", () => File.ReadAllText(@"{{repo}}/Grader.sln").Length + " chars");
                    Try("list-handins", () => Directory.GetFiles(@"{{handins}}").Length + " files");
                    Try("read-handin", () => File.ReadAllBytes(@"{{zip}}").Length + " bytes");
                    Try("read-hidden-source", () => File.ReadAllText(@"{{hidden}}").Length + " chars");
                    Try("read-shadow", () => File.ReadAllText("/etc/shadow").Length + " chars");
                    Try("list-home", () => Directory.GetFileSystemEntries(@"{{home}}").Length + " entries");
                    Try("write-repo", () => { File.WriteAllText(@"{{WrittenFiles[0]}}", "x"); return null; });
                    Try("write-grader-folder", () => { File.WriteAllText(@"{{WrittenFiles[1]}}", "x"); return null; });
                    Try("write-root", () => { File.WriteAllText("/{{Marker}}", "x"); return null; });
                    Try("write-dev", () => { File.WriteAllText("/dev/shm/{{Marker}}", "x"); return null; });
                    Try("write-tmp", () => { File.WriteAllText("/tmp/{{Marker}}", "x"); return File.ReadAllText("/tmp/{{Marker}}"); });
                    Try("tcp-internet", () => Connect("1.1.1.1", 53));
                    Try("tcp-host-loopback", () => Connect("127.0.0.1", {{hostPort}}));
                    Try("dns", () => Dns.GetHostAddresses("example.com").Length + " addresses");
                    Try("process", () =>
                    {
                        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                        start.ArgumentList.Add("-c");
                        start.ArgumentList.Add(@"echo uid=$(id -u); cat '{{repo}}/Grader.sln' > /dev/null 2>&1 && echo child-read-repo-ok || echo child-read-repo-failed");
                        using var child = Process.Start(start)!;
                        var output = child.StandardOutput.ReadToEnd();
                        child.WaitForExit();
                        return output.Trim().Replace('\n', ' ');
                    });
                    Try("openblas", () => NativeLibrary.TryLoad("libopenblas.so.0", out _) ? "loads" : throw new DllNotFoundException("libopenblas.so.0 does not load"));
                    Try("uid", () => File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
                    Try("user", () => Environment.UserName);
                    Try("env", () => string.Join(",", Environment.GetEnvironmentVariables().Keys.Cast<string>().Order(StringComparer.Ordinal)));
                    return string.Join("|", results);
            """);
    }

    /// <summary>The grader's own folder (where the worker's grader.dll is).</summary>
    public static string GraderFolder => Path.GetDirectoryName(typeof(Grader.Runner.WorkerCommandLine).Assembly.Location)!;

    public string Marker { get; }

    /// <summary>Host paths the probe tries to write (to delete after the run).</summary>
    public IReadOnlyList<string> WrittenFiles { get; }

    public HandinSource Source { get; }

    public void CleanUp()
    {
        foreach (var file in WrittenFiles)
        {
            File.Delete(file);
        }
    }
}
