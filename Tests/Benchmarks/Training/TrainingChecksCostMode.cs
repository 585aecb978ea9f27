using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;
using Grader.Benchmarks.Seeds;
using Grader.Remote.Handins;

namespace Grader.Benchmarks.Training;

/// <summary>
/// <c>training-checks [--only v|inn] [--rounds R] [--seed S]</c>: the CPU of one run of the README main command's two
/// training checks (<see cref="HeidelbergVTrainingQuality"/>, <see cref="InnTrainingQuality"/>) on the Correct example,
/// in one process set up as a grading host is (the relaunch adds a training host's JIT settings, <c>HostRuntime.WithTraining</c>: no tiering, the engine JIT-compiled, dynamic PGO off).
/// Each round runs each check once with the same grading seed and prints its CPU seconds (the process's, all threads)
/// and its message (the scores to 3–4 digits, so two builds can be compared for the same results). Measured only:
/// what it is for is a profile of one check (<c>perf record</c> over it) and builds side by side
/// (docs/measurements/2026-11-26-training-checks-cost.md).
/// </summary>
public static class TrainingChecksCostMode
{
    /// <summary>Runs the mode.</summary>
    public static int Run(string[] args)
    {
        int rounds = 1;
        ulong seed = 8675309;
        string only = "both";
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--rounds": rounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--only": only = Value().ToLowerInvariant(); break;
                default: throw new ArgumentException($"unknown option '{args[i]}' for training-checks");
            }
        }
        if (rounds < 1) throw new ArgumentException("--rounds must be at least 1");
        if (only is not ("v" or "inn" or "both")) throw new ArgumentException("--only is v, inn or both");

        var root = SeedsMode.FindRoot();
        var checks = new List<(ICheck Check, HandinInstance Handin)>();
        if (only is "v" or "both")
            checks.Add((new HeidelbergVTrainingQuality(), SeedsMode.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", "Diffusion", "Correct")))));
        if (only is "inn" or "both")
            checks.Add((new InnTrainingQuality(InnTrainingQualityBudget.Calibrated), SeedsMode.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", "Flows", "Correct")))));

        Console.WriteLine($"# training-checks, seed {seed}, {Program.RunSettings()}");
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var (check, handin) in checks)
            {
                var context = new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: "");
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                double threadBefore = ThreadCpuSeconds();
                long allocated = GC.GetTotalAllocatedBytes();
                int gen0 = GC.CollectionCount(0);
                var result = check.Run(context);
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
                double thread = ThreadCpuSeconds() - threadBefore;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{round}\t{check.Id}\tCPU {cpu:F3} s (this thread {thread:F2}, others {cpu - thread:F2})\t{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB\tgen0 {GC.CollectionCount(0) - gen0}\t{(result.Passed ? "passed" : "FAILED")}\t{result.Message.ReplaceLineEndings(" ")}"));
            }
        }
        return 0;
    }

    /// <summary>The calling thread's CPU seconds (user + system, clock ticks of 10 ms) from <c>/proc/thread-self/stat</c>.</summary>
    private static double ThreadCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
