using Grader.Checks.Hidden.OdeSde;
using Grader.Reference.OdeSde.Handin;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// Sheet 003's training checks over 20 grading seeds: each cheat of <c>Submissions/Examples/OdeSde/Cheats</c> that names
/// <c>ode.ku.laplace-mixture-training-quality</c> or <c>sde.ku.training-quality</c> loses that check on every one of
/// <see cref="Seeds"/> grading seeds, so does each mutant of <c>Mutants</c> that names one of them (since issue 66 the
/// <c>ode-training-parts-…</c> and <c>sde-training-parts-…</c> mutants of the grader's loops), and the Correct example
/// and the reference keep both on every one — the whole check as graded (<see cref="ICheck.Run"/>). The pattern is
/// <c>ImageTrainingMutantsSeedsTests</c>' (seeds 1 … N with <see cref="HandinGrader.CheckSeed"/>); each seed's verdict
/// is printed. Explicit: each SDE case trains 800 steps per seed; <c>ExampleHandinsTests</c> grades each mutant once in
/// every run.
/// </summary>
[Explicit("20 seeds × the ODE and SDE training cheats and the Correct example: tens of minutes of CPU")]
public sealed class OdeSdeTrainingCheatsSeedsTests
{
    /// <summary>The last grading seed (20, or the run parameter <c>seeds</c>); the first is 1 or the run parameter <c>firstSeed</c>, to resume a sweep a loaded machine stopped.</summary>
    private static int Seeds => TestContext.Parameters.Get("seeds", 20);

    private static readonly ICheck[] Checks = [new OdeTrainingPartsQuality(), new SdeTrainingQuality()];

    private static string Family => Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");

    /// <summary>Each cheat with the training check its cheat.json names.</summary>
    public static IEnumerable<TestCaseData> Cheats() => Named("Cheats", "cheat.json", "cheat");

    /// <summary>Each mutant whose mutant.json names a training check, with that check.</summary>
    public static IEnumerable<TestCaseData> Mutants() => Named("Mutants", "mutant.json", "mutant");

    private static IEnumerable<TestCaseData> Named(string folderOfKind, string json, string kind) =>
        from folder in Directory.EnumerateDirectories(Path.Combine(Family, folderOfKind)).Order(StringComparer.Ordinal)
        let named = File.ReadAllText(Path.Combine(folder, json))
        // A cheat only the fresh host catches ("host": true) keeps its check in this process: FreshHostTests sweeps it.
        where !named.Contains("\"host\": true", StringComparison.Ordinal)
        from check in Checks
        where named.Contains(check.Id, StringComparison.Ordinal)
        select new TestCaseData(Path.GetFileName(folder), check.Id).SetName($"ODE/SDE training {kind} {Path.GetFileName(folder)} loses {check.Id} on 20 of 20 seeds");

    public static IEnumerable<TestCaseData> CorrectCases() =>
        Checks.Select(c => new TestCaseData(c.Id).SetName($"The Correct example keeps {c.Id} on 20 of 20 seeds"));

    [TestCaseSource(nameof(Cheats))]
    public void Cheat_loses_the_check_on_every_seed(string slug, string checkId)
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Cheats", slug)), slug, checkId);
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose {checkId} on every seed");
    }

    [TestCaseSource(nameof(Mutants))]
    public void Mutant_loses_the_check_on_every_seed(string slug, string checkId)
    {
        var outcomes = Outcomes(HandinSource.Load(Path.Combine(Family, "Mutants", slug)), slug, checkId);
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose {checkId} on every seed");
    }

    [TestCaseSource(nameof(CorrectCases))]
    public void The_correct_example_keeps_the_check_on_every_seed(string checkId)
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")), "Correct", checkId);
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    /// <summary>
    /// Each legitimate network of <c>Legit</c> (issue 79, item 4: the notebook's own drift and networks with other
    /// activations, widths, depths, learning rates and batches within the loops' bounds) with the check its
    /// <c>legit.json</c>'s contract is graded by: the ODE's for <c>IOdeTrainingParts</c>, the SDE's for
    /// <c>ISdeTrainingParts</c>.
    /// </summary>
    public static IEnumerable<TestCaseData> LegitCases() =>
        from folder in Directory.EnumerateDirectories(Path.Combine(Family, "Legit")).Order(StringComparer.Ordinal)
        let named = File.ReadAllText(Path.Combine(folder, "legit.json"))
        let check = named.Contains("\"ISdeTrainingParts\"", StringComparison.Ordinal) ? Checks[1] : Checks[0]
        select new TestCaseData(Path.GetFileName(folder), check.Id).SetName($"The legitimate {Path.GetFileName(folder)} keeps {check.Id} on 20 of 20 seeds");

    /// <summary>Each legitimate network keeps its check on every seed: the whole check as graded, its loss and gradient checks included.</summary>
    [TestCaseSource(nameof(LegitCases))]
    public void A_legitimate_network_keeps_the_check_on_every_seed(string slug, string checkId)
    {
        var outcomes = Outcomes(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Legit", slug)), slug, checkId);
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    public static IEnumerable<TestCaseData> ReferenceCases() =>
        Checks.Select(c => new TestCaseData(c.Id).SetName($"The reference keeps {c.Id} on 20 of 20 seeds"));

    /// <summary>The reference solution as a hand-in (<see cref="ReferenceOdeHandin"/>, <see cref="ReferenceSdeHandin"/>), the whole check as graded.</summary>
    [TestCaseSource(nameof(ReferenceCases))]
    public void The_reference_keeps_the_check_on_every_seed(string checkId)
    {
        var resolve = checkId == Checks[0].Id ? ReferenceOdeHandin.Resolver() : ReferenceSdeHandin.Resolver();
        var outcomes = Outcomes(resolve, "reference", checkId);
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    /// <summary>
    /// The proof sweep (issue 79, items 4 and 6), seed-major so the reference (cached per run seed by the check) trains
    /// once a seed and a sweep a loaded machine stops still gives whole seeds: on each seed the reference, the Correct
    /// example, every legitimate network of the check's contract, every cheat (but those only a fresh host catches) and
    /// every mutant that names the check, each line printed with the scores and the reference's and the case's process
    /// CPU. Run parameters: <c>check</c> (ode or sde), <c>firstSeed</c> and <c>seeds</c>, to split a sweep over processes;
    /// <c>log</c>, a file each line is appended to as it comes.
    /// The reference, the Correct example and every legitimate network keep the check on every seed; every cheat and
    /// mutant loses it (a cheat GRADER005 refuses when it is compiled loses it on every seed, once printed).
    /// </summary>
    [Test]
    public void Relative_bounds_sweep_seed_major()
    {
        var sde = TestContext.Parameters.Get("check", "ode") == "sde";
        var check = Checks[sde ? 1 : 0];
        var cases = new List<(string Name, bool Honest, Func<Type, object?> Resolve)> { ("reference", true, sde ? ReferenceSdeHandin.Resolver() : ReferenceOdeHandin.Resolver()) };
        Func<Type, object?> Compiled(HandinSource source)
        {
            var compiled = HandinCompiler.Default.Compile(source);
            compiled.Success.Should().BeTrue(compiled.Summary());
            return new HandinInstance(compiled.Assembly!).Resolve;
        }

        var dishonest = Cheats().Concat(Mutants()).Where(c => (string)c.Arguments[1]! == check.Id).Select(c => (Slug: (string)c.Arguments[0]!, Kind: c.TestName!.Contains(" mutant ", StringComparison.Ordinal) ? "Mutants" : "Cheats")).ToList();

        var correct = HandinSource.FromFolder(Path.Combine(Family, "Correct"));
        cases.Add(("Correct", true, Compiled(correct)));
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(Family, "Legit")).Order(StringComparer.Ordinal))
            if (File.ReadAllText(Path.Combine(folder, "legit.json")).Contains("\"ISdeTrainingParts\"", StringComparison.Ordinal) == sde)
                cases.Add((Path.GetFileName(folder), true, Compiled(correct.WithOverlay(folder))));
        foreach (var (slug, kind) in dishonest)
        {
            var source = kind == "Mutants" ? HandinSource.Load(Path.Combine(Family, kind, slug)) : correct.WithOverlay(Path.Combine(Family, kind, slug));
            var compiled = HandinCompiler.Default.Compile(source);
            if (compiled.Success) cases.Add((slug, false, new HandinInstance(compiled.Assembly!).Resolve));
            else TestContext.Progress.WriteLine($"{slug}: refused when compiled, so it loses on every seed: {compiled.Summary()}");
        }

        var wrong = new List<string>();
        for (ulong seed = (ulong)TestContext.Parameters.Get("firstSeed", 1); seed <= (ulong)Seeds; seed++)
            foreach (var (name, honest, resolve) in cases)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var result = check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: "") { Hidden = true });
                var line = $"{name} seed {seed}: {(result.Passed ? "passed" : "failed")}: {result.Seen ?? ""} | {result.Message} | {result.TutorDetail} | cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s";
                TestContext.Progress.WriteLine(line);
                TestContext.Out.WriteLine(line);
                // A passed test's output is not shown: the run parameter log appends each line to a file as it comes.
                if (TestContext.Parameters.Get("log", "") is { Length: > 0 } log) File.AppendAllText(log, line + Environment.NewLine);
                if (result.Passed != honest) wrong.Add($"{name} seed {seed}: {result.Message}");
            }

        wrong.Should().BeEmpty();
    }

    private static List<(ulong Seed, bool Passed, string Message)> Outcomes(HandinSource source, string name, string checkId)
    {
        IgnoreUnlessSelected(checkId);
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        return Outcomes(new HandinInstance(compiled.Assembly!).Resolve, name, checkId);
    }

    private static List<(ulong Seed, bool Passed, string Message)> Outcomes(Func<Type, object?> resolve, string name, string checkId)
    {
        IgnoreUnlessSelected(checkId);
        var check = Checks.Single(c => c.Id == checkId);
        var outcomes = new List<(ulong, bool, string)>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (ulong seed = (ulong)TestContext.Parameters.Get("firstSeed", 1); seed <= (ulong)Seeds; seed++)
        {
            var result = check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: "") { Hidden = true });
            var line = $"{name} seed {seed}: {(result.Passed ? "passed" : "failed")}: {result.Seen ?? ""} | {result.Message} | {result.TutorDetail}";
            TestContext.Progress.WriteLine(line);
            TestContext.Out.WriteLine(line);
            outcomes.Add((seed, result.Passed, result.Message));
        }

        TestContext.Out.WriteLine($"{name}, {checkId}: lost on {outcomes.Count(o => !o.Item2)} of {outcomes.Count} seeds, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of the process's CPU");
        return outcomes;
    }

    /// <summary>The run parameter check (ode or sde) runs one check's cases of a sweep; the other's are ignored, before any compiling.</summary>
    private static void IgnoreUnlessSelected(string checkId)
    {
        if (TestContext.Parameters.Get("check", "") is { Length: > 0 } only && !checkId.StartsWith(only, StringComparison.Ordinal)) Assert.Ignore($"run parameter check={only}");
    }
}
