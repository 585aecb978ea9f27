namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// Each check an OdeSde mutant's <c>mutant.json</c> names (training checks aside: ExampleHandinsTests runs those), run
/// alone on the compiled mutant under seeds 1 and 2 in CI (issue 69; ExampleHandinsTests adds the grading seed, and the
/// <c>[Explicit]</c> twin sweeps 20 seeds): it fails every time, and its message says what is wrong; the messages are
/// written to the test output, so the feedback each bug gets can be read in one place.
/// </summary>
public sealed class OdeSdeMutantMessagesTests
{
    private static IReadOnlySet<string> TrainingChecks => TutorCatalog.TrainingCheckIds;

    public static IEnumerable<TestCaseData> Mutants() => MutantCases("fails each of its checks alone");

    public static IEnumerable<TestCaseData> MutantsOn20Seeds() => MutantCases("fails each of its checks alone on 20 seeds");

    private static IEnumerable<TestCaseData> MutantCases(string claim) =>
        Directory.EnumerateDirectories(Path.Combine(Snapshots.SnapshotApproval.RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Mutants"))
            .Where(d => HandinSource.Load(d).Mutant?.Checks.Any(id => !TrainingChecks.Contains(id)) ?? true)
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(slug => new TestCaseData(slug).SetName($"OdeSde mutant {slug} {claim}"));

    /// <summary>The feedback of gaussian-std-as-variance says which quantity the variance should be and shows the equation.</summary>
    [Test]
    public void The_gaussian_std_as_variance_feedback_names_the_bug()
    {
        var source = HandinSource.Load(Path.Combine(Snapshots.SnapshotApproval.RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Mutants", "gaussian-std-as-variance"));
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var checks = TutorCatalog.Default.Tasks.SelectMany(t => t.Checks).Select(c => c.Check)
            .Where(c => c.Id.StartsWith("ode.ku.expected-log-likelihood-gaussian", StringComparison.Ordinal)).DistinctBy(c => c.Id).ToList();
        checks.Should().HaveCount(2);
        foreach (var check in checks)
            for (ulong seed = 1; seed <= 3; seed++)
            {
                var result = check.Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, check.Id), Snapshots.SnapshotApproval.SnapshotRoot()));
                result.Message.Should().Contain("Your value uses std where the variance std² belongs", $"{check.Id}, seed {seed}")
                    .And.Contain("−(y − mean)²/(2·std²) − ln std − ½·ln 2π");
            }
    }

    [TestCaseSource(nameof(Mutants))]
    public void Each_named_check_fails_the_mutant(string slug) => NamedChecksFail(slug, seeds: 2);

    [TestCaseSource(nameof(MutantsOn20Seeds))]
    [Explicit("20-seed sweep; CI runs seeds 1 and 2")]
    public void Each_named_check_fails_the_mutant_on_20_seeds(string slug) => NamedChecksFail(slug, seeds: 20);

    private static void NamedChecksFail(string slug, int seeds)
    {
        var source = HandinSource.Load(Path.Combine(Snapshots.SnapshotApproval.RepositoryRoot(), "Submissions", "Examples", "OdeSde", "Mutants", slug));
        var info = source.Mutant ?? throw new AssertionException($"{slug} has no mutant.json");
        var ids = info.Checks.Where(id => !TrainingChecks.Contains(id)).ToList();
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var checks = TutorCatalog.Default.Tasks.SelectMany(t => t.Checks).Select(c => c.Check).Where(c => ids.Contains(c.Id)).DistinctBy(c => c.Id).ToList();
        checks.Select(c => c.Id).Should().BeEquivalentTo(ids);
        foreach (var check in checks)
            for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            {
                var result = check.Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, check.Id), Snapshots.SnapshotApproval.SnapshotRoot()));
                TestContext.Out.WriteLine($"{check.Id}, seed {seed}: {result.Outcome}: {result.Message}");
                result.Outcome.Should().Be(Grader.Checks.Results.CheckOutcome.Failed, $"{check.Id} catches {slug} under seed {seed}");
                result.Message.Should().NotBeNullOrWhiteSpace();
            }
    }
}
