namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The seed sweep of a training check against the training cheats of <c>Submissions/Examples/Diffusion/Cheats</c>
/// (issue 45, item 3): each cheat whose <c>cheat.json</c> names the check, laid over the Correct example, graded by the
/// check's whole decision (first run, fresh runs when undecided) on grading seeds 1 … <see cref="Seeds"/>
/// (<see cref="HandinGrader.CheckSeed"/>), two seeds at a time, the first run's scores and the process's CPU printed. Used by the
/// <c>[Explicit]</c> sweeps <c>ImageTrainingMutantsSeedsTests</c> (mutants: its own folder walk) (the V's <c>VTrainingCheatsSeedsTests</c> was removed with issue 66: the V is trained by the grader's loop).
/// </summary>
internal static class TrainingCheatsSweep
{
    /// <summary>Grading seeds per hand-in.</summary>
    public const int Seeds = 20;

    private static string Family => Path.Combine(FindRoot(), "Submissions", "Examples", "Diffusion");

    /// <summary>The cheats whose cheat.json names <paramref name="checkId"/>, one test case each, named after <paramref name="title"/>.</summary>
    public static IEnumerable<TestCaseData> Cheats(string checkId, string title) =>
        Directory.EnumerateDirectories(Path.Combine(Family, "Cheats")).Order(StringComparer.Ordinal)
            .Where(folder => File.ReadAllText(Path.Combine(folder, "cheat.json")).Contains($"\"{checkId}\"", StringComparison.Ordinal))
            .Select(folder => new TestCaseData(Path.GetFileName(folder)).SetName($"{title} cheat {Path.GetFileName(folder)} loses the check on {Seeds} of {Seeds} seeds"));

    /// <summary>The cheat <paramref name="slug"/> laid over the Correct example, or the Correct example (null).</summary>
    public static HandinSource Source(string? slug) =>
        slug is null
            ? HandinSource.FromFolder(Path.Combine(Family, "Correct"))
            : HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Cheats", slug));

    /// <summary>The cheat <paramref name="slug"/> laid over the Correct example (or the Correct example: null), compiled.</summary>
    /// <remarks>
    /// Compiled without the purity rule (<see cref="TrainingQualityTestSupport.WithoutPurityRule"/>): since issue 79 GRADER005
    /// refuses the cheats that keep state in the network object (<c>v-training-checked-step-recogniser</c>,
    /// <c>toy-data-training-loss-writes-network</c>), and these tests prove the grader's loop as the line behind it.
    /// </remarks>
    public static HandinInstance Compile(string? slug)
    {
        var compiled = TrainingQualityTestSupport.WithoutPurityRule.Compile(Source(slug));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!);
    }

    /// <summary>
    /// The check's decision on seeds 1 … <see cref="Seeds"/> for the compiled <paramref name="source"/>:
    /// <paramref name="decide"/> gives the result and the first run's scores (empty when the hand-in's code failed).
    /// </summary>
    public static List<(ulong Seed, bool Passed, string Message)> Outcomes(HandinSource source, string name, string checkId,
        Func<CheckContext, (CheckResult Result, int Runs, IReadOnlyList<double> First)> decide)
    {
        var compiled = TrainingQualityTestSupport.WithoutPurityRule.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // TRAINING_SEEDS="1 2 3" replays chosen seeds (a failure's, or a few before a sweep); by default seeds 1 … Seeds.
        var seeds = Environment.GetEnvironmentVariable("TRAINING_SEEDS") is { } chosen ? chosen.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToList()
            : Enumerable.Range(1, Seeds).Select(i => (ulong)i).ToList();
        var decided = new (ulong Seed, bool Passed, string Message, string Line)[seeds.Count];
        Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var seed = seeds[i];
            var (result, runs, first) = decide(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, checkId), snapshotRoot: "") { Hidden = true });
            var scores = first.Count > 0 ? string.Join(", ", first.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))) : "no scores";
            decided[i] = (seed, result.Passed, result.Message, $"{name} seed {seed}: {(result.Passed ? "passed" : "failed")} after {runs} run(s); first run [{scores}]");
            TestContext.Progress.WriteLine(decided[i].Line);
        });
        foreach (var d in decided) TestContext.Out.WriteLine(d.Line);
        var outcomes = decided.Select(d => (d.Seed, d.Passed, d.Message)).ToList();

        TestContext.Out.WriteLine($"{name}: lost on {outcomes.Count(o => !o.Item2)} of {seeds.Count} seeds, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of the process's CPU");
        return outcomes;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Grader.sln not found");
    }
}
