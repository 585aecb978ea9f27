namespace Grader.Benchmarks.Cohort;

/// <summary>The options of <c>cohort</c>: <c>[--quick] [--rounds R] [--jobs 1,2] [--call-cpu s] [--handins &lt;folder&gt;] [--compare-sandbox | --process [--plain-workers]]</c>.</summary>
/// <param name="Quick">Leave out the training checks (<see cref="CohortMode.TrainingChecks"/>).</param>
/// <param name="Rounds">Rounds; each grades the cohort once at each of <paramref name="Jobs"/>.</param>
/// <param name="Handins">The folder of hand-ins.</param>
/// <param name="CompareSandbox">Instead of -j 1 against -j 2: at -j 1, a plain child process against the bubblewrap sandbox.</param>
/// <param name="CallCpu">The CPU budget of one call into a hand-in (<c>--call-cpu s</c>, as <c>grader grade</c> takes it; 0: none); null: the default.</param>
/// <param name="Jobs">The job counts each round grades at, in this order in odd rounds and reversed in even ones (default 1 and 2).</param>
/// <param name="Process">Each run is a fresh <c>grader grade</c> child process, as a tutor runs it (<see cref="GraderProcessRun"/>), not the pipeline in this process.</param>
/// <param name="PlainWorkers">With <paramref name="Process"/>: the grader's hosts run as plain child processes (<c>GRADER_SANDBOX=none</c>), not the worker a tutor gets.</param>
public sealed record CohortOptions(bool Quick, int Rounds, string Handins, bool CompareSandbox = false, IReadOnlyList<int>? Jobs = null, TimeSpan? CallCpu = null,
    bool Process = false, bool PlainWorkers = false)
{
    /// <summary>The job counts of a round (<see cref="Jobs"/>, default -j 1 and -j 2).</summary>
    public IReadOnlyList<int> JobCounts => Jobs ?? [1, 2];

    /// <summary>Parses the mode's arguments; the hand-ins default to <c>fixtures/handins</c> above the current folder.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a folder that does not exist.</exception>
    public static CohortOptions Parse(string[] args)
    {
        bool quick = false;
        bool compareSandbox = false;
        int rounds = 1;
        string? handins = null;
        int[]? jobs = null;
        TimeSpan? callCpu = null;
        bool process = false;
        bool plainWorkers = false;
        ModeArguments.Read(args, (option, value) =>
        {
            switch (option)
            {
                case "--quick": quick = true; break;
                case "--rounds": rounds = ModeArguments.Int(value()); break;
                case "--handins": handins = value(); break;
                case "--compare-sandbox": compareSandbox = true; break;
                case "--jobs": jobs = [.. value().Split(',').Select(ModeArguments.Int)]; break;
                case "--call-cpu": callCpu = TimeSpan.FromSeconds(ModeArguments.Double(value())); break;
                case "--process": process = true; break;
                case "--plain-workers": plainWorkers = true; break;
                default: throw new ArgumentException($"unknown option '{option}' (cohort takes --quick, --rounds R, --jobs 1,2, --call-cpu s, --handins <folder>, --compare-sandbox, --process, --plain-workers)");
            }
        });

        if (process && compareSandbox) throw new ArgumentException("--process and --compare-sandbox do not go together (--process --plain-workers against --process compares the sandbox as a tutor runs it)");
        if (plainWorkers && !process) throw new ArgumentException("--plain-workers goes with --process (the in-process runs always use plain child processes)");
        if (rounds <= 0) throw new ArgumentException("--rounds must be positive");
        if (jobs is not null && (jobs.Length == 0 || jobs.Any(j => j <= 0))) throw new ArgumentException("--jobs takes positive job counts, e.g. --jobs 2 or --jobs 1,2");
        handins ??= FindCohort() ?? throw new ArgumentException("no fixtures/handins above the current folder; give the hand-ins with --handins <folder>");
        if (!Directory.Exists(handins)) throw new ArgumentException($"--handins: the folder '{Path.GetFullPath(handins)}' does not exist");
        return new CohortOptions(quick, rounds, Path.GetFullPath(handins), compareSandbox, jobs, callCpu, process, plainWorkers);
    }

    /// <summary>The bundled cohort: <c>fixtures/handins</c> in the current folder or above, else above the program.</summary>
    private static string? FindCohort()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "fixtures", "handins");
                if (Directory.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
