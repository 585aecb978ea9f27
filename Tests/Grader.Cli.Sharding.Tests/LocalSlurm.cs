namespace Grader.Cli.Sharding.Tests;

/// <summary>
/// The single-node Slurm cluster of <c>Graders/Cli/Sharding/local-cluster.sh</c>, started for a test and stopped after
/// it, and the client commands a tutor types (<c>sbatch</c>, <c>scontrol</c>, <c>sstat</c>) with its <c>SLURM_CONF</c>.
/// <see cref="Start"/> ignores the test where Slurm cannot run here (not root, the packages missing, a real cluster's
/// configuration), and fails it instead when GRADER_REQUIRE_SLURM=1 (CI installs the packages and sets it).
/// </summary>
internal sealed class LocalSlurm : IDisposable
{
    /// <summary>Its own folder and ports, apart from a cluster a person started with the script's defaults.</summary>
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "grader-slurm-test");

    private const string Port = "16827";

    private static string Script => Path.Combine(RepositoryRoot.Path, "Graders", "Cli", "Sharding", "local-cluster.sh");

    private LocalSlurm(string conf) => Conf = conf;

    /// <summary>The cluster's slurm.conf, as SLURM_CONF for every client command.</summary>
    public string Conf { get; }

    /// <summary>Starts the cluster (the script waits until its node is idle); ignores or fails the test where it cannot.</summary>
    public static LocalSlurm Start()
    {
        string? problem = null;
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            problem = "Slurm's daemons run as root here, and this test runs as " + Environment.UserName;
        else if (File.Exists("/etc/slurm/slurm.conf"))
            problem = "/etc/slurm/slurm.conf exists: a real cluster is configured on this machine, and the test leaves it alone";
        else if (new[] { "slurmctld", "slurmd", "munged", "sbatch" }.FirstOrDefault(p => !OnPath(p)) is { } missing)
            problem = $"{missing} is not installed (apt-get install slurm-wlm munge)";

        if (problem is null)
        {
            var start = ProcessResult.Run(Script, ["start"], Variables(null), TimeSpan.FromMinutes(3));
            if (start.Code == 0)
                return new LocalSlurm(Path.Combine(Folder, "slurm.conf"));
            problem = $"local-cluster.sh start failed ({start.Code}): {start.Error.Trim()}";
        }

        if (Environment.GetEnvironmentVariable("GRADER_REQUIRE_SLURM") == "1")
            Assert.Fail(problem + " (GRADER_REQUIRE_SLURM=1)");
        Assert.Ignore(problem);
        throw new UnreachableException();
    }

    /// <summary>Runs a Slurm client command (or any program) in <paramref name="directory"/> with this cluster's SLURM_CONF.</summary>
    public ProcessResult Client(string program, IReadOnlyList<string> arguments, string? directory = null) =>
        ProcessResult.Run(program, arguments, Variables(Conf), TimeSpan.FromMinutes(1), directory);

    /// <summary><c>sbatch --parsable …</c>: the job id; fails the test when sbatch refuses.</summary>
    public string Submit(string directory, params string[] arguments)
    {
        var result = Client("sbatch", ["--parsable", .. arguments], directory);
        Assert.That(result.Code, Is.Zero, "sbatch " + string.Join(' ', arguments) + ": " + result.Error);
        return result.Output.Trim().Split(';')[0];
    }

    /// <summary>
    /// The state of every job (each array task) of <paramref name="jobId"/> as <c>scontrol show job -o</c> gives it,
    /// by the array task id (or the job id): its JobState, ExitCode, Reason and raw JobId fields.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Jobs(string jobId)
    {
        var result = Client("scontrol", ["show", "job", "-o", jobId]);
        Assert.That(result.Code, Is.Zero, "scontrol show job " + jobId + ": " + result.Error);
        var jobs = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
                .GroupBy(f => f[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
            jobs[fields.GetValueOrDefault("ArrayTaskId") ?? fields["JobId"]] = fields;
        }

        return jobs;
    }

    /// <summary>Waits until no job of <paramref name="jobId"/> is pending (for a reason other than <paramref name="pendingFor"/>) or running.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> WaitFor(string jobId, Action? whileRunning = null, string? pendingFor = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            var jobs = Jobs(jobId);
            bool Settled(IReadOnlyDictionary<string, string> job) => job["JobState"] switch
            {
                "PENDING" => job.GetValueOrDefault("Reason") == pendingFor,
                "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "REQUEUED" or "RESIZING" => false,
                _ => true,
            };
            if (jobs.Values.All(Settled))
                return jobs;
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"job {jobId} still not settled: " + string.Join(", ", jobs.Select(j => j.Key + " " + j.Value["JobState"])));
            whileRunning?.Invoke();
            Thread.Sleep(1000);
        }
    }

    /// <summary>The running array tasks of <paramref name="arrayId"/> and their batch steps' peak memory so far (sstat MaxRSS), in bytes.</summary>
    public IEnumerable<(string Task, long MaxRss)> Memory(string arrayId)
    {
        foreach (var (task, job) in Jobs(arrayId).Where(j => j.Value["JobState"] == "RUNNING"))
        {
            var result = Client("sstat", ["-n", "-P", "--format=MaxRSS", "-j", job["JobId"] + ".batch"]);
            var text = result.Output.Trim();
            if (result.Code != 0 || text.Length == 0)
                continue;
            yield return (task, Bytes(text));
        }
    }

    /// <summary>A size as Slurm prints it (<c>450352K</c>, <c>1.20G</c>, <c>8G</c>) in bytes.</summary>
    public static long Bytes(string size)
    {
        var unit = char.ToUpperInvariant(size[^1]);
        var exponent = "KMGT".IndexOf(unit, StringComparison.Ordinal) + 1;
        var number = exponent > 0 ? size[..^1] : size;
        return (long)(double.Parse(number, CultureInfo.InvariantCulture) * Math.Pow(1024, exponent));
    }

    public void Dispose() => ProcessResult.Run(Script, ["stop"], Variables(null), TimeSpan.FromMinutes(1));

    private static Dictionary<string, string> Variables(string? conf)
    {
        var variables = new Dictionary<string, string> { ["GRADER_SLURM_DIR"] = Folder, ["GRADER_SLURM_PORT"] = Port };
        if (conf is not null)
            variables["SLURM_CONF"] = conf;
        return variables;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, program)));
}
