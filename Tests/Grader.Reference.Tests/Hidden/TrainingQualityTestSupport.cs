using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>Hand-ins, contexts and statistics for the tests of the hidden training checks.</summary>
internal static class TrainingQualityTestSupport
{
    /// <summary>The context a grading run with seed <paramref name="runSeed"/> gives check <paramref name="checkId"/>.</summary>
    public static CheckContext Context(object handin, string checkId, ulong runSeed) =>
        new(type => type.IsInstanceOfType(handin) ? handin : null, HandinGrader.CheckSeed(runSeed, checkId), snapshotRoot: "");

    /// <summary>
    /// An example hand-in under Submissions/Examples/Diffusion (e.g. "Correct", "Mutants/training-parts-loss-accumulated"),
    /// compiled, as its parts of the training the grader runs (<see cref="IDiffusionTrainingParts"/>).
    /// </summary>
    public static IDiffusionTrainingParts Parts(string relative, HandinCompiler? compiler = null)
    {
        var family = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion");
        // A cheat (Cheats/<name>) is laid over the Correct example, as its cheat.json's base says.
        var source = relative.StartsWith("Cheats/", StringComparison.Ordinal)
            ? HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, relative))
            : HandinSource.Load(Path.Combine(family, relative));
        var compiled = (compiler ?? HandinCompiler.Default).Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (IDiffusionTrainingParts)(new HandinInstance(assembly).Resolve(typeof(IDiffusionTrainingParts))
            ?? throw new InvalidOperationException($"{relative} has no IDiffusionTrainingParts"));
    }

    /// <summary>
    /// The compiler of the cheats GRADER005 refuses (state in the trained model: <c>"refused": "GRADER005"</c> in their
    /// <c>cheat.json</c>), when a test proves the run-time line behind that rule: the allowlist without the purity rule.
    /// </summary>
    public static readonly HandinCompiler WithoutPurityRule = new([new Grader.Checks.Handins.Allowlist.AllowlistAnalyzer(Grader.Checks.Handins.Allowlist.ApiAllowlist.Default).Analyze]);

    /// <summary>
    /// The context of a grading run with seed <paramref name="runSeed"/> for check <paramref name="checkId"/> on an example
    /// hand-in under Submissions/Examples/Diffusion (e.g. "Correct", "Cheats/dtu-training-parts-kernel-denoiser",
    /// "Legit/dtu-silu"),
    /// compiled and bound as the grader binds it (<see cref="HandinInstance"/>: the grader's own
    /// <see cref="IDtuTrainingRun"/>, fresh instances of the parts), or on the reference's parts and negative ELBO ("reference").
    /// </summary>
    public static CheckContext DtuContext(string relative, string checkId, ulong runSeed)
    {
        if (relative == "reference")
        {
            object parts = new Grader.Reference.Diffusion.Handin.ReferenceDtuTrainingParts(), ddpm = new Grader.Reference.Diffusion.Handin.ReferenceDtuDdpm(), mnist = new Grader.Reference.Diffusion.Handin.ReferenceMnistDdpm();
            return new(type => type == typeof(IDtuTrainingParts) ? parts : type == typeof(IDtuDdpm) ? ddpm : type == typeof(IMnistDdpm) ? mnist : null, HandinGrader.CheckSeed(runSeed, checkId), snapshotRoot: "");
        }

        var family = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion");
        // A legitimate network (Legit/<name>) or a cheat (Cheats/<name>) is laid over the Correct example, as its legit.json or cheat.json says.
        var source = relative.StartsWith("Legit/", StringComparison.Ordinal) || relative.StartsWith("Cheats/", StringComparison.Ordinal)
            ? HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, relative))
            : HandinSource.Load(Path.Combine(family, relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var handin = new HandinInstance(compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary()));
        return new(handin.Resolve, HandinGrader.CheckSeed(runSeed, checkId), snapshotRoot: "");
    }

    /// <summary>The diffusion mutants (Submissions/Examples/Diffusion/Mutants) whose mutant.json names <paramref name="contract"/>, by folder name.</summary>
    public static IEnumerable<string> PartsMutants(string contract) =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion", "Mutants"))
            .Where(d => MutantInfo.Read(d)?.Contract == contract)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    /// <summary>A rank-2 tensor as a rows × columns matrix in double.</summary>
    public static double[,] Matrix(Tensor x)
    {
        var flat = x.contiguous().ToDoubleArray();
        var m = new double[x.size(0), x.size(1)];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Grader.sln not found above the test directory");
    }

    /// <summary>Mean, sample sd, min and max.</summary>
    public static (double Mean, double Sd, double Min, double Max) Stats(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, sd, values.Min(), values.Max());
    }

    /// <summary>"mean ± sd [min, max]; suggested threshold" for a metric where larger is worse (or better, <paramref name="lowerIsWorse"/>).</summary>
    public static string Row(string name, IReadOnlyCollection<double> values, bool lowerIsWorse = false)
    {
        var (mean, sd, min, max) = Stats(values);
        var suggested = lowerIsWorse ? Math.Min(mean - 6 * sd, min - 0.25 * (mean - min)) : Math.Max(mean + 6 * sd, max + 0.25 * (max - mean));
        return string.Create(CultureInfo.InvariantCulture, $"{name}: mean {mean:G4}, sd {sd:G3}, min {min:G4}, max {max:G4}; mean {(lowerIsWorse ? "−" : "+")} 6 sd = {(lowerIsWorse ? mean - 6 * sd : mean + 6 * sd):G4}; suggested threshold {suggested:G3}");
    }

    /// <summary>
    /// The calibration table of a training check over <paramref name="seeds"/>: per trainer the first run's scores
    /// (distribution per score), where the first runs fell (clearly good, undecided, clearly bad), how often the check
    /// passed (the flip rate of a mutant) and the mean number of training runs and check time per hand-in (two seeds
    /// at a time, so the time is the wall-clock share per hand-in).
    /// </summary>
    /// <param name="decide">One grading seed's decision: passed, every run's scores (aligned with <paramref name="bounds"/>).</param>
    /// <returns>Per trainer, the seeds on which the check failed.</returns>
    /// <remarks>
    /// With the environment variable GRADER_TRAINING_SCORES set to a file path, every run's scores are appended to it as
    /// they end, one tab-separated line per run (check, trainer, seed, run index, then the scores in the bounds' order, full
    /// precision), under a header of the bounds' names: the raw data of a tail study (docs/measurements/2026-11-26-training-score-tails.md).
    /// </remarks>
    public static IReadOnlyList<(string Name, IReadOnlyList<ulong> Failed)> CalibrationTable<TTraining>(string check, IReadOnlyList<Checks.Hidden.Training.ScoreBound> bounds, IEnumerable<(string Name, TTraining Training)> trainers,
        Func<TTraining, ulong, (bool Passed, IReadOnlyList<IReadOnlyList<double>> Runs)> decide, IReadOnlyList<ulong> seeds)
    {
        var dump = Environment.GetEnvironmentVariable("GRADER_TRAINING_SCORES") is { Length: > 0 } path ? path : null;
        var dumpLock = new object();
        if (dump is not null)
            File.AppendAllText(dump, $"#check\ttrainer\tseed\trun\t{string.Join('\t', bounds.Select(b => b.Name))}\n");
        var failedSeeds = new List<(string, IReadOnlyList<ulong>)>();
        foreach (var (name, training) in trainers)
        {
            var failed = new List<ulong>();
            var firsts = new List<IReadOnlyList<double>>();
            var passes = 0;
            var zones = new Dictionary<Checks.Hidden.Training.IndifferenceZone.Zone, int>();
            var runs = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var decided = new (bool Passed, IReadOnlyList<IReadOnlyList<double>> Runs)[seeds.Count];
            Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                decided[i] = decide(training, seeds[i]);
                if (dump is not null)
                    lock (dumpLock)
                        File.AppendAllLines(dump, decided[i].Runs.Select((v, run) => string.Create(CultureInfo.InvariantCulture,
                            $"{check}\t{name}\t{seeds[i]}\t{run}\t{string.Join('\t', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))}")));
                TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{check} | {name} | seed {seeds[i]} | {(decided[i].Passed ? "pass" : "FAIL")} | {string.Join(" / ", decided[i].Runs.Select(v => string.Join(", ", v.Select(x => x.ToString("G4", CultureInfo.InvariantCulture)))))}"));
            });
            for (var i = 0; i < seeds.Count; i++)
            {
                var seed = seeds[i];
                var (passed, r) = decided[i];
                if (r.Count == 0) throw new InvalidOperationException($"{name} seed {seed}: the hand-in's code failed");
                firsts.Add(r[0]);
                var zone = Checks.Hidden.Training.IndifferenceZone.Of(bounds, r[0]);
                zones[zone] = zones.GetValueOrDefault(zone) + 1;
                runs += r.Count;
                if (passed) passes++;
                else failed.Add(seed);
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{check} | {name} | seed {seed} | {(passed ? "pass" : "FAIL")} | {zone} | {string.Join(" / ", r.Select(v => string.Join(", ", v.Select(x => x.ToString("G4", CultureInfo.InvariantCulture)))))}"));
            }

            var seconds = clock.Elapsed.TotalSeconds / seeds.Count;
            TestContext.Out.WriteLine($"== {check}: {name}, {seeds.Count} seeds: passed {passes}/{seeds.Count}; first run clearly good {zones.GetValueOrDefault(Checks.Hidden.Training.IndifferenceZone.Zone.Pass)}, undecided {zones.GetValueOrDefault(Checks.Hidden.Training.IndifferenceZone.Zone.Undecided)}, clearly bad {zones.GetValueOrDefault(Checks.Hidden.Training.IndifferenceZone.Zone.Fail)}; {(double)runs / seeds.Count:F2} training runs and {seconds:F1} s per hand-in");
            for (var i = 0; i < bounds.Count; i++)
                TestContext.Out.WriteLine("   " + Row(bounds[i].Name, firsts.Select(f => f[i]).ToList(), lowerIsWorse: bounds[i].HigherIsBetter));
            failedSeeds.Add((name, failed));
        }

        return failedSeeds;
    }

    /// <summary>
    /// The goal a calibration over seeds is held to (docs/measurements/2026-11-hidden-checks.md, "Flip rates"): a correct
    /// trainer (the Correct example, the reference, a legitimate network "Legit/…") passes on every seed; any other
    /// trainer, a mutant of the training contract, is caught on all seeds but at most one.
    /// </summary>
    public static void AssertCalibrationGoal(string check, IReadOnlyList<(string Name, IReadOnlyList<ulong> Failed)> table, int seeds)
    {
        foreach (var (name, failed) in table)
        {
            if (name is "Correct" or "reference" || name.StartsWith("Legit/", StringComparison.Ordinal))
                failed.Should().BeEmpty($"the {name} trainer must pass {check} on every seed");
            else
                failed.Count.Should().BeGreaterThanOrEqualTo(seeds - 1, $"{name} must be caught by {check} on at least {seeds - 1} of {seeds} seeds");
        }
    }
}
