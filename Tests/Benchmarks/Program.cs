using Grader.Benchmarks.Cohort;
using Grader.Benchmarks.MatMul;
using Grader.Benchmarks.Peer;
using Grader.Benchmarks.Seeds;
using Grader.Benchmarks.Steps;

namespace Grader.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Tests/Benchmarks -- [peer|matmul|cohort] [options]</c>.
/// <list type="bullet">
/// <item><c>peer [--seconds S] [--rounds R] [--only W1,W3]</c> (default): W1–W5 against PyTorch, steps per second.</item>
/// <item><c>matmul [BenchmarkDotNet options]</c>: OpenBLAS and managed sgemm at the workloads' sizes, in GFLOP/s.</item>
/// <item><c>cohort [--quick] [--rounds R] [--handins &lt;folder&gt;]</c>: hand-ins graded per minute by the real grading
/// pipeline at -j 1 and -j 2, and where each hand-in's time goes (see <see cref="CohortMode"/>).</item>
/// <item><c>image-metrics train|table</c>: trains the image metrics' feature classifier; prints each image metric's
/// noise floor and response to degradations (see <see cref="ImageMetrics.ImageMetricsMode"/>).</item>
/// <item><c>serve [--students N] [--rounds R]</c>: the grading page of <c>grader serve</c> for an N-student sheet, median of R (see <see cref="Serve.ServeMode"/>).</item>
/// <item><c>student-serve [--students N] [--clients C] [--rounds R]</c>: N students' pages loaded while two tutors score (see <see cref="Serve.StudentServeMode"/>).</item>
/// <item><c>tutor-serve [--students N] [--rounds R]</c>: the tutors' pages (grading, sheet, release, statistics, code and report review) while two tutors score (see <see cref="Serve.TutorServeMode"/>).</item>
/// <item><c>grading-cpu [--students N] [--rounds R]</c>: the CPU time of the grading page's and a student page's content after each score another connection commits (see <see cref="Serve.GradingCpuMode"/>).</item>
/// <item><c>proxy-serve [--students N] [--seconds S] [--connections C] [--slow K] [--rounds R]</c>: the same pages by wrk through nginx with TLS beside straight to Kestrel, with slow clients (see <see cref="Serve.ProxyServeMode"/>).</item>
/// <item><c>seeds [--seeds N] [--from S] [--only Gan,Vae]</c>: per family, the checks that do not train under N seeds on the correct
/// example, the reference and every mutant (see <see cref="SeedsMode"/>).</item>
/// <item><c>image-training-power [--seeds N] [--steps K] [--only a,b] [--T T] [--beta-first b] [--beta-last b]</c>: sheet 004's image training check likewise
/// (see <see cref="Training.ImageTrainingPowerMode"/>).</item>
/// <item><c>training-checks [--only v|inn] [--rounds R] [--seed S]</c>: the CPU of the V and INN training checks on the
/// Correct example, one run each per round, in a process set up as their host (see <see cref="Training.TrainingChecksCostMode"/>).</item>
/// </list>
/// Both modes run OpenBLAS single-threaded, as the PyTorch peer is, with the GC settings of <see cref="RunEnvironment"/>
/// (<c>--default-gc</c> leaves the GC at the runtime's defaults). OpenBLAS reads OPENBLAS_NUM_THREADS when it is
/// loaded, and the GC its settings at startup, from the C environment, which
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach; so the program always runs itself
/// again as a child process with that environment. <c>cohort</c> gets the thread settings only: it measures the grader
/// as <c>grader grade</c> runs, with the runtime's GC defaults (its workers get their own environment anyway).
/// </summary>
public static class Program
{
    /// <summary>Set in the relaunched child, so that it does not relaunch again.</summary>
    internal const string ChildMarker = "GRADER_BENCHMARKS_CHILD";

    /// <summary>Given to skip the GC settings below and measure with the runtime's defaults.</summary>
    private const string DefaultGcOption = "--default-gc";

    /// <summary>
    /// The environment the benchmarks run in. Single-threaded OpenBLAS (and OpenMP), as the peer. And GC settings for
    /// the engine's allocation pattern (many short-lived float arrays of 0.1–3 MB): arrays up to 16 MiB stay in gen0
    /// instead of the large-object heap, whose gen2 collections and freshly committed pages dominated W2, W3 and W5;
    /// a gen0 budget of at least 32 MiB (fewer collections while a training step holds its graph; 64 MiB lost cache
    /// locality in W2); and no background GC thread competing on a 2-core machine. gen0size is read only from the
    /// environment, so all of them are set there.
    /// </summary>
    internal static readonly (string name, string value, bool gc)[] RunEnvironment =
    [
        ("OPENBLAS_NUM_THREADS", "1", false),
        ("OMP_NUM_THREADS", "1", false),
        ("DOTNET_GCgen0size", "0x2000000", true),
        ("DOTNET_GCLOHThreshold", "0x1000000", true),
        ("DOTNET_gcConcurrent", "0", true),
    ];

    public static int Main(string[] args)
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) != "1") return Relaunch(args);
        args = args.Where(a => a != DefaultGcOption).ToArray();
        string mode = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "peer";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        try
        {
            return mode switch
            {
                "peer" => PeerMode.Run(rest),
                "matmul" => MatMulMode.Run(rest),
                "cohort" => CohortMode.Run(rest),
                "compile" => Compile.CompileMode.Run(rest),
                "steps" => StepsMode.Run(rest),
                "similarity" => Similarity.SimilarityMode.Run(rest),
                "serve" => Serve.ServeMode.Run(rest),
                "student-serve" => Serve.StudentServeMode.Run(rest),
                "proxy-serve" => Serve.ProxyServeMode.Run(rest),
                "tutor-serve" => Serve.TutorServeMode.Run(rest),
                "grading-cpu" => Serve.GradingCpuMode.Run(rest),
                "image-metrics" => ImageMetrics.ImageMetricsMode.Run(rest),
                "seeds" => SeedsMode.Run(rest),
                "image-training-power" => Training.ImageTrainingPowerMode.Run(rest),
                "training-checks" => Training.TrainingChecksCostMode.Run(rest),
                _ => Usage($"unknown mode '{mode}'"),
            };
        }
        catch (ArgumentException e) { return Usage(e.Message); }
        catch (FormatException e) { return Usage(e.Message); }
    }

    private static int Usage(string error)
    {
        Console.Error.WriteLine($"error: {error}");
        Console.Error.WriteLine("usage: Grader.Benchmarks [peer [--seconds S] [--rounds R] [--only W1,W3] | matmul [BenchmarkDotNet options] | cohort [--quick] [--rounds R] [--handins <folder>] [--process [--plain-workers]] | compile [BenchmarkDotNet options] | similarity [--repository <root>] | serve [--students N] [--rounds R] | student-serve [--students N] [--clients C] [--rounds R] | proxy-serve [--students N] [--seconds S] [--connections C] [--slow K] [--rounds R] | tutor-serve [--students N] [--rounds R] | grading-cpu [--students N] [--rounds R] | image-metrics train|table [--data DIR] [--seed S] [--epochs E] [--seeds K] [--sizes 500,1000] | seeds [--seeds N] [--from S] [--only Gan,Vae]] [--default-gc]");
        return 2;
    }

    private static int Relaunch(string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the running executable to relaunch it");
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
            psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        bool gc = !args.Contains(DefaultGcOption) && !(args.Length > 0 && args[0] == "cohort");
        foreach (var (name, value, isGc) in RunEnvironment)
            if (gc || !isGc) psi.Environment[name] = value;
        if (args.Length > 0 && args[0] == "cohort")
            psi.Environment["DOTNET_TieredPGO"] = "0"; // the pipeline runs here as in the grader, whose runtimeconfig turns dynamic PGO off (Grader.Cli.csproj)
        if (args.Length > 0 && args[0] == "training-checks")
        {
            psi.Environment["DOTNET_TieredPGO"] = "0"; // as a training check's host: HostRuntime's environment
            foreach (var (name, value) in Grader.Runner.HostRuntime.WithTraining)
                psi.Environment[name] = value; // and its JIT settings: no tiering, the engine JIT-compiled
        }
        psi.Environment[ChildMarker] = "1";
        using var child = Process.Start(psi) ?? throw new InvalidOperationException($"could not relaunch {host}");
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>How this process runs, for the result headers: threads and GC settings.</summary>
    internal static string RunSettings()
    {
        var set = RunEnvironment.Select(e => (e.name, value: Environment.GetEnvironmentVariable(e.name)))
            .Where(e => e.value != null).Select(e => $"{e.name}={e.value}");
        return string.Join(" ", set);
    }
}
