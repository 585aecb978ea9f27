using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The V check's bounds against every legitimate network (issue 79 item 4; <c>Submissions/Examples/Diffusion/Legit</c>):
/// each is graded by the check's whole decision on a drawn V; always on, one of them on one seed (the reference's
/// training on that seed is shared with <see cref="HeidelbergVTrainingQualityTests"/>); [Explicit], every one of them,
/// the reference and the Correct example on 20 seeds, the closed form of the sheet's V (a cheat) losing on 20 of 20,
/// and the calibration runner whose figures are docs/measurements/2026-11-28-v-training-bounds.md.
/// </summary>
public sealed class VTrainingBoundsCalibration
{
    private static readonly HeidelbergVTrainingQuality Check = new();

    private const string Cheat = "Cheats/v-closed-form-of-the-sheet-law";

    /// <summary>Every legitimate network of the V's parts, by its folder under Legit.</summary>
    public static IEnumerable<string> LegitNames() => LegitNames(nameof(IDiffusionTrainingParts));

    /// <summary>Every legitimate network under Submissions/Examples/Diffusion/Legit whose legit.json names <paramref name="contract"/>, by folder.</summary>
    public static IEnumerable<string> LegitNames(string contract) =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion", "Legit"))
            .Where(folder =>
            {
                using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "legit.json")));
                return json.RootElement.GetProperty("contract").GetString() == contract;
            })
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>The Correct example with Legit/<paramref name="name"/> laid over it, compiled, as its parts.</summary>
    public static IDiffusionTrainingParts Legit(string name)
    {
        var family = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion");
        var compiled = HandinCompiler.Default.Compile(HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, "Legit", name)));
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (IDiffusionTrainingParts)(new HandinInstance(assembly).Resolve(typeof(IDiffusionTrainingParts)) ?? throw new InvalidOperationException($"Legit/{name} has no parts"));
    }

    /// <summary>Every Legit folder holds the parts and a legit.json naming its base, task and contract.</summary>
    [Test]
    public void Every_legitimate_network_is_declared()
    {
        var names = LegitNames().ToList();
        names.Should().Contain(["notebook", "silu", "elu", "tanh", "wider-deeper", "other-lr-batch"]);
        foreach (var name in names)
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "Submissions", "Examples", "Diffusion", "Legit", name, "legit.json")));
            json.RootElement.GetProperty("base").GetString().Should().Be("Correct");
            json.RootElement.GetProperty("contract").GetString().Should().Be(nameof(IDiffusionTrainingParts));
            json.RootElement.GetProperty("why").GetString().Should().NotBeNullOrWhiteSpace();
        }
    }

    /// <summary>The always-on twin: the legitimate network the old bounds failed most (issue 79), graded on one seed (the reference's training of that seed is shared with the other V tests of the process).</summary>
    [TestCase("silu")]
    public void A_legitimate_network_keeps_the_point(string name) => Passes(Legit(name), name, 1);

    /// <summary>Every legitimate network, the reference and the Correct example keep the point on grading seeds 1 … 20 (or V_SEEDS), by the check's whole decision.</summary>
    [TestCaseSource(nameof(Everyone))]
    [Explicit("20 trainings of one network and of the reference per seed: minutes per network")]
    public void Keeps_the_point_on_20_of_20_seeds(string name)
    {
        var parts = PartsOf(name);
        var failed = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.ForEach(Seeds(), new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var (result, runs) = Check.Decide(Context(parts, Check.Id, seed));
            TestContext.Progress.WriteLine($"{name} seed {seed}: {result.Outcome} after {runs.Count} run(s): {result.Message}");
            if (!result.Passed) failed.Add(seed);
        });
        failed.Should().BeEmpty($"{name} is a legitimate network");
    }

    /// <summary>The closed form of the sheet's V (a gate and a linear layer, trained honestly) loses on grading seeds 1 … 20.</summary>
    [Test]
    [Explicit("20 trainings of the cheat (its closed form is ≈ 3 times a network's cost) and of the reference")]
    public void The_closed_form_of_the_sheets_V_loses_on_20_of_20_seeds()
    {
        var parts = Parts(Cheat);
        var passed = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.For(1, 21, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var (result, _) = Check.Decide(Context(parts, Check.Id, (ulong)seed));
            TestContext.Progress.WriteLine($"cheat seed {seed}: {result.Outcome}: {result.Message}");
            if (result.Passed) passed.Add((ulong)seed);
        });
        passed.Should().BeEmpty("a closed form of the printed V is wrong on the V drawn for the run");
    }

    public static IEnumerable<TestCaseData> Everyone() =>
        LegitNames().Prepend("Correct").Prepend("reference").Select(n => new TestCaseData(n).SetName($"Keeps_the_point_on_20_of_20_seeds({n})"));

    /// <summary>
    /// The calibration runner: per grading seed (V_SEEDS, default 1 … 20) the run's drawn V, the reference's scores on
    /// it and the first run's scores of every network (V_NETWORKS, default: the reference graded as a hand-in, the
    /// Correct example, every Legit network, the cheat, and the Correct example with Adam at 1e-5, a setting within the
    /// bounds that does not train in the budget), one tab-separated line each to GRADER_V_BOUNDS (default
    /// v-bounds.tsv in the test's folder). No assertion: the figures are read by docs/measurements/2026-11-28-v-training-bounds.md.
    /// </summary>
    [Test]
    [Explicit("the calibration: ≈ 10 trainings per seed; an hour of CPU at 20 seeds")]
    public void Calibrate()
    {
        var seeds = Seeds();
        var names = Environment.GetEnvironmentVariable("V_NETWORKS") is { Length: > 0 } n ? n.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList()
            : ["reference", "Correct", .. LegitNames(), Cheat, "lr-1e-5"];
        var parts = names.ToDictionary(name => name, PartsOf);
        var path = Environment.GetEnvironmentVariable("GRADER_V_BOUNDS") is { Length: > 0 } p ? p : Path.Combine(TestContext.CurrentContext.TestDirectory, "v-bounds.tsv");
        var gate = new object();
        lock (gate) File.AppendAllText(path, "#network\tseed\trotation\thalf-angle\tright\tleft\tnoise\tmmd\tenergy\tonv\tref-mmd\tref-energy\tref-onv\ttrain-s\n");
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var law = HeidelbergVTrainingQuality.Law(Context(new object(), Check.Id, seed));
            var reference = Check.Reference(Context(new object(), Check.Id, seed));
            foreach (var name in names)
            {
                var (failure, scores) = Check.Measure(Context(parts[name], Check.Id, seed));
                var v = scores is null ? "NaN\tNaN\tNaN" : string.Create(CultureInfo.InvariantCulture, $"{scores.Mmd:R}\t{scores.Energy:R}\t{scores.OnV:R}");
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{name}\t{seed}\t{law.Rotation:R}\t{law.HalfAngle:R}\t{law.RightLength:R}\t{law.LeftLength:R}\t{law.Noise:R}\t{v}\t{reference.Mmd:R}\t{reference.Energy:R}\t{reference.OnV:R}\t{scores?.TrainTime.TotalSeconds ?? double.NaN:F1}");
                lock (gate) File.AppendAllText(path, line + "\n");
                TestContext.Progress.WriteLine(line + (failure is null ? "" : " | " + failure.Message));
            }
        });
    }

    /// <summary>Grading seeds 1 … 20, or those the environment variable V_SEEDS names ("7 8 11": a replay of chosen seeds).</summary>
    private static List<ulong> Seeds() =>
        Environment.GetEnvironmentVariable("V_SEEDS") is { Length: > 0 } chosen ? [.. chosen.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse)]
            : [.. Enumerable.Range(1, 20).Select(i => (ulong)i)];

    private static IDiffusionTrainingParts PartsOf(string name) => name switch
    {
        "reference" => new ReferenceDiffusionTrainingParts(),
        "Correct" => Parts("Correct"),
        "lr-1e-5" => new SlowAdam(),
        _ when name.StartsWith("Cheats/", StringComparison.Ordinal) || name.StartsWith("Mutants/", StringComparison.Ordinal) => Parts(name),
        _ => Legit(name),
    };

    private static void Passes(IDiffusionTrainingParts parts, string name, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        var (result, runs) = Check.Decide(Context(parts, Check.Id, seed));
        TestContext.Out.WriteLine($"{name}: {clock.Elapsed.TotalSeconds:F1} s, {runs.Count} run(s): {result.Message} | {result.TutorDetail}");
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
    }

    /// <summary>The reference's parts with Adam at 1e-5 (the power target "a learning rate within the loop's bounds, too slow for the budget"); parameterless, as the loop makes fresh instances.</summary>
    private sealed class SlowAdam : IDiffusionTrainingParts
    {
        private readonly ReferenceDiffusionTrainingParts _parts = new();

        public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => _parts.Model(dataDimension, T, generator);

        public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon) => _parts.Loss(network, schedule, x0, t, epsilon);

        public TrainingSettings Settings() => new(1e-5, 128);
    }
}
