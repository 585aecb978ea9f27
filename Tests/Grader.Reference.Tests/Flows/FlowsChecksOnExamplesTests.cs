using Grader.Checks.Flows;
using Grader.Checks.Flows.Tum;
using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The flow checks on the compiled examples: each passes Submissions/Examples/Flows/Correct (its run time printed);
/// the checks whose inputs come from the run's seed (FsCheck properties, fresh exact comparisons, the change-of-variables
/// integrals, the TUM questions on fresh vectors) pass the correct example under many seeds; and the feedback of a
/// mutant names its bug in the sheet's terms.
/// </summary>
[NonParallelizable]
public class FlowsChecksOnExamplesTests
{
    private static readonly string Root = RepositoryRoot.Path;
    private static readonly string Snapshots = Path.Combine(Root, "fixtures", "snapshots");
    private static readonly Lazy<HandinInstance> Correct = new(() => Compile(Path.Combine(Root, "Submissions", "Examples", "Flows", "Correct")));

    private static HandinInstance Compile(string folder)
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(folder));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!);
    }

    private static ICheck[] AllChecks() =>
    [
        new CouplingBlockInverts(),
        new CouplingBlockMatchesReference(),
        new InvertibleNetworkMatchesReference(),
        new PreprocessingMatchesReference(),
        new NegativeLogLikelihoodMatchesReference(),
        new MostLikelyEventsMatchReference(),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision),
        new UnitDeterminantInverseIsCorrect(),
        .. SeededChecks(),
    ];

    /// <summary>The checks whose inputs are drawn from the run's seed.</summary>
    private static ICheck[] SeededChecks() =>
    [
        new CouplingBlockInverts(),
        new CouplingLogDetMatchesJacobian(),
        new CouplingBlockMatchesReferenceOnFreshInputs(),
        new InvertibleNetworkMatchesReferenceOnFreshInputs(),
        new PreprocessingMatchesReferenceOnFreshInputs(),
        new NegativeLogLikelihoodMatchesReferenceOnFreshInputs(),
        new MostLikelyEventsOnFreshInputs(),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FlowsTutorPack.FreshA),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FlowsTutorPack.FreshA),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FlowsTutorPack.FreshPowers),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FlowsTutorPack.FreshPowers),
        new UnitDeterminantInverseIsCorrect(".fresh", FlowsTutorPack.FreshPoints),
        new InnDensityIntegratesToOne(),
        new LikelihoodIntegratesToOne(),
    ];

    private static Checks.Results.CheckResult Run(HandinInstance handin, ICheck check, ulong seed) =>
        check.Run(new CheckContext(handin.Resolve, HandinGrader.CheckSeed(seed, check.Id), Snapshots));

    [Test]
    public void Every_flow_check_passes_the_correct_example_and_its_run_time_is_printed()
    {
        var failures = new List<string>();
        foreach (var check in AllChecks().DistinctBy(c => c.Id))
        {
            var clock = Stopwatch.StartNew();
            var result = Run(Correct.Value, check, 20231010);
            TestContext.Out.WriteLine($"{check.Id}: {result.Outcome}, {clock.Elapsed.TotalMilliseconds:F0} ms");
            if (!result.Passed) failures.Add($"{check.Id}: {result.Message}");
        }
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    /// <summary>
    /// None of the seeded checks is statistical: each compares against the reference within a derived float32 bound, or
    /// integrates a density by a quadrature whose error is bounded, so a correct hand-in cannot fail under any seed. 2
    /// seeds in CI (the first two of the 20-seed sweep, which is [Explicit] since issue 69: ≈ 1–5 s a run); 20 seeds (3 for
    /// the two integrals) in <see cref="Seeded_checks_pass_the_correct_example_under_20_seeds"/>, the 200 of the grading
    /// standard in <see cref="Seeded_checks_pass_the_correct_example_under_200_seeds"/>.
    /// </summary>
    [Test]
    public void Seeded_checks_pass_the_correct_example_under_2_seeds() => RunSeeds(2, integralSeeds: 2);

    [Test, Explicit("20 seeds (3 for the two integrals); the always-on version runs the first 2")]
    public void Seeded_checks_pass_the_correct_example_under_20_seeds() => RunSeeds(20, integralSeeds: 3);

    [Test, Explicit("≈ 15 min on a loaded machine; run by hand, figures printed")]
    public void Seeded_checks_pass_the_correct_example_under_200_seeds() => RunSeeds(200, integralSeeds: 200);

    private static void RunSeeds(int seeds, int integralSeeds)
    {
        var integrals = new HashSet<string> { new InnDensityIntegratesToOne().Id, new LikelihoodIntegratesToOne().Id };
        var failures = new List<string>();
        var time = new Dictionary<string, TimeSpan>();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            foreach (var check in SeededChecks().Where(c => seed <= (ulong)integralSeeds || !integrals.Contains(c.Id)))
            {
                var clock = Stopwatch.StartNew();
                var result = Run(Correct.Value, check, seed);
                time[check.Id] = time.GetValueOrDefault(check.Id) + clock.Elapsed;
                if (!result.Passed) failures.Add($"seed {seed}, {check.Id}: {result.Message}");
            }
        var runs = new Dictionary<string, int>();
        foreach (var id in time.Keys) runs[id] = integrals.Contains(id) ? Math.Min(seeds, integralSeeds) : seeds;
        foreach (var (id, t) in time) TestContext.Out.WriteLine($"{id}: {runs[id]} seeds, {t.TotalSeconds / runs[id] * 1000:F0} ms per run");
        TestContext.Out.WriteLine($"{runs.Values.Sum()} check runs on the correct example: {failures.Count} failed.");
        failures.Should().BeEmpty(string.Join("\n", failures));
    }

    public static IEnumerable<TestCaseData> NamedBugs() =>
    [
        new("coupling-exp-same-direction", "flows.heidelberg.coupling-block-matches-reference", "Your inverse multiplies by exp(s)"),
        new("coupling-exp-same-direction", "flows.heidelberg.coupling-block-inverts", "], and Forward(x) gave ["),
        new("coupling-clamp-factor-missing", "flows.heidelberg.coupling-block-matches-reference", "clamp factor included"),
        new("coupling-log-det-summed-over-batch", "flows.heidelberg.coupling-block-matches-reference", "the sum over the whole batch"),
        new("coupling-clamp-missing", "flows.heidelberg.coupling-block-matches-reference", "the soft clamp s = clamp·tanh(a_s/clamp) left out"),
        new("coupling-output-scale-missing", "flows.heidelberg.coupling-block-matches-reference", "without the factor 0.1"),
        new("coupling-log-det-sign", "flows.heidelberg.coupling-block-matches-reference", "opposite sign"),
        new("inn-last-block-only", "flows.heidelberg.inn-matches-reference", "the last block's alone"),
        new("most-likely-lowest", "flows.heidelberg.most-likely-events-match-reference", "These are the least likely points"),
        new("sigmoid-wrong-collision", "flows.tum.sigmoid-flow-collision", "is not a pair of different inputs with the same output"),
        new("unit-determinant-scaled", "flows.tum.unit-determinant-inverse", "The Jacobian determinant of f⁻¹"),
        new("polynomial-valid-for-odd-power", "flows.tum.polynomial-flow-verdict.fresh", "leads to a valid normalizing flow; it does not"),
        new("polynomial-wrong-collision", "flows.tum.polynomial-flow-collision.fresh", "is not a pair of different inputs with the same output of z = ((x₃ + x₂)^"),
        new("sigmoid-valid-when-determinant-nonzero", "flows.tum.sigmoid-flow-verdict.fresh", "leads to a valid normalizing flow; it does not"),
        new("unit-determinant-absolute-value", "flows.tum.unit-determinant-inverse.fresh", "Its determinant is −1"),
    ];

    [TestCaseSource(nameof(NamedBugs))]
    public void A_mutants_feedback_names_its_bug(string slug, string checkId, string phrase)
    {
        var handin = Compile(Path.Combine(Root, "Submissions", "Examples", "Flows", "Mutants", slug));
        var check = AllChecks().First(c => c.Id == checkId);
        var result = Run(handin, check, 20231010);
        result.Passed.Should().BeFalse();
        result.Message.Should().Contain(phrase);
    }
}
