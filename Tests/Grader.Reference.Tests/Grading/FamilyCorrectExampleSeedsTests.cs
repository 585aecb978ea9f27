using Grader.Checks.Attention;
using Grader.Checks.Hidden.Attention;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.OdeSde;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Each family's checks that draw their inputs from the run's seed, on the family's compiled correct example once per
/// seed (<see cref="CorrectExampleSeeds"/>): none may fail. One case per family and seed count; the cases differ only in
/// the family, its checks and how many seeds, and each keeps its name. Every check here is a deterministic comparison
/// within derived float32 bounds, so a failure would be a bound too tight for some drawn input, not bad luck, except
/// where a case says otherwise.
/// </summary>
public sealed class FamilyCorrectExampleSeedsTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        // The loss quickies, the GAN checks (they draw their densities from the seed) and the VAE checks (inputs and
        // parameters; CSamplesFollowLogNormal is a KS test whose false-fail rate is ≤ 1e-6 per run by design, ≤ 2e-4 over
        // 200 seeds): every check their packs bind but training, read from the catalog.
        yield return Case("The_seeded_quickie_checks_pass_the_correct_example_under_200_seeds", "Quickies", 200);
        yield return Case("The_seeded_gan_checks_pass_the_correct_example_under_20_seeds", "Gan", 20);
        yield return Case("The_seeded_gan_checks_pass_the_correct_example_under_200_seeds", "Gan", 200)
            .Explicit("200 seeds × 5 checks; run by hand, prints each check's mean run time");
        yield return Case("The_seeded_vae_checks_pass_the_correct_example_under_200_seeds", "Vae", 200);

        // The attention checks draw their calls.
        ICheck[] attention =
        [
            new GradientsMatchFiniteDifferences(),
            new OutputMatchesReference(AttentionPack.FreshInputsId, new FreshAttentionCases()),
            new GradientsMatchFiniteDifferences(AttentionPack.FreshGradientsId, new FreshAttentionCases()),
            new PermutationEquivariance(),
            new MaskedKeysAreIgnored(),
            new HeadsAreIndependent(),
        ];
        yield return Case("The_seeded_attention_checks_pass_the_correct_example_under_20_seeds", "Attention", 20, attention);
        yield return Case("The_seeded_attention_checks_pass_the_correct_example_under_200_seeds", "Attention", 200, attention)
            .Explicit("200 seeds × 7 checks; run by hand, prints each check's mean run time");

        // ODE/SDE: the order property and the exact checks on unseen inputs cannot fail a correct hand-in by design (their
        // windows and tolerances are derived bounds); the ELBO's unbiasedness check has a designed false-fail rate ≤ 1e-6
        // per run, so ≤ 2e-4 over 200 seeds. The log-likelihood on unseen inputs (≈ 1 s a run: a drift network's path in
        // double) runs on 2 seeds in CI and on 20 by hand (issue 69: the 20 runs were ≈ 20 s of the suite's CPU; seeds 1
        // and 2 are the sweep's first two, and SheetCasesEveryRunTests' rk4-from-rk2 test shares them). Like the GAN's and
        // attention's, the 200 seeds (≈ 11 s) run by hand and CI runs 20 (stop 62: the suite was over its 15 minutes).
        ICheck[] odeSde =
        [
            new SolverConvergesWithItsOrder(),
            new SolverStepOnUnseenInputs(),
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian, DataSetLogDensity.Answer),
            new ExpectedLogLikelihoodMatchesGenerator(ExpectedLogLikelihoodMatchesGenerator.DataSet.LaplaceMixture, DataSetLogDensity.Answer),
            new ElboOnUnseenInputs(),
            new ElboIsAnUnbiasedBound(),
        ];
        yield return Case("The_seeded_checks_pass_the_correct_example_under_20_seeds", "OdeSde", 20, odeSde);
        yield return Case("The_seeded_checks_pass_the_correct_example_under_200_seeds", "OdeSde", 200, odeSde)
            .Explicit("200 seeds × 6 checks; run by hand, prints each check's mean run time");
        yield return Case("The_log_likelihood_on_unseen_inputs_passes_the_correct_example_under_2_seeds", "OdeSde", 2, new LogLikelihoodOnUnseenInputs());
        yield return Case("The_log_likelihood_on_unseen_inputs_passes_the_correct_example_under_20_seeds", "OdeSde", 20, new LogLikelihoodOnUnseenInputs())
            .Explicit("20-seed sweep of the log-likelihood on unseen inputs (≈ 1 s of CPU a run); CI runs 2 seeds");
    }

    /// <summary>A family whose pack's checks (training left out) all run: they are read from the catalog.</summary>
    private static TestCaseData Case(string name, string family, int seeds) =>
        new TestCaseData(family, seeds, null).SetName($"{family}: {name}");

    /// <summary>A family whose checks are listed here (some run on fewer seeds than the others).</summary>
    private static TestCaseData Case(string name, string family, int seeds, params ICheck[] checks) =>
        new TestCaseData(family, seeds, checks).SetName($"{family}: {name}");

    [TestCaseSource(nameof(Cases))]
    public void The_seeded_checks_pass_the_correct_example(string family, int seeds, ICheck[]? checks)
    {
        if (checks is null) CorrectExampleSeeds.PassEverySeed(family, seeds);
        else CorrectExampleSeeds.PassEverySeed(TutorCatalog.Default.Packs.Single(p => p.Family == family).Folders.Correct, checks, seeds);
    }
}
