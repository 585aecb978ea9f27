using System.Diagnostics;
using FluentAssertions;
using Grader.Checks.Checking;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.OdeSde;
using Grader.Remote.Handins;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The family's checks whose inputs come from the run's seed, on the compiled Submissions/Examples/OdeSde/Correct under
/// many seeds: none may fail. The order property and the exact checks on unseen inputs cannot fail a correct hand-in
/// by design (their windows and tolerances are derived bounds); the ELBO's unbiasedness check has a designed
/// false-fail rate ≤ 1e-6 per run, so ≤ 2e-4 over 200 seeds. The log-likelihood on unseen inputs (≈ 1 s a run: a
/// drift network's path in double) runs on 20 seeds.
/// </summary>
public sealed class OdeSdeCorrectExampleSeedsTests
{
    private static ICheck[] SeededChecks() =>
    [
        new SolverConvergesWithItsOrder(),
        new SolverStepOnUnseenInputs(),
        new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian, DataSetLogDensity.Answer),
        new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer),
        new ElboOnUnseenInputs(),
        new ElboIsAnUnbiasedBound(),
    ];

    [Test]
    public void The_seeded_checks_pass_the_correct_example_under_200_seeds() => Run(SeededChecks(), 200);

    [Test]
    public void The_log_likelihood_on_unseen_inputs_passes_the_correct_example_under_20_seeds() => Run([new LogLikelihoodOnUnseenInputs()], 20);

    private static void Run(ICheck[] checks, int seeds)
    {
        var root = Snapshots.SnapshotApproval.RepositoryRoot();
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(root, "Submissions", "Examples", "OdeSde", "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new HandinInstance(compiled.Assembly!);
        var failures = new List<string>();
        var seconds = checks.ToDictionary(c => c.Id, _ => 0.0);
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            foreach (var check in checks)
            {
                var clock = Stopwatch.StartNew();
                var result = check.Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, check.Id), Snapshots.SnapshotApproval.SnapshotRoot()));
                seconds[check.Id] += clock.Elapsed.TotalSeconds;
                if (!result.Passed) failures.Add($"seed {seed}, {check.Id}: {result.Message}");
            }
        foreach (var (id, s) in seconds) TestContext.Out.WriteLine($"{id}: {s / seeds * 1000:F0} ms per run on the correct example (in process)");
        TestContext.Out.WriteLine($"{checks.Length * seeds} check runs over {seeds} seeds: {failures.Count} failed.");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }
}
