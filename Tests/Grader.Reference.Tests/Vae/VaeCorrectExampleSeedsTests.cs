using Grader.Checks.Hidden.Vae;
using Grader.Reference.Tests.Grading;

namespace Grader.Reference.Tests.Vae;

/// <summary>
/// The VAE checks, all of which draw their inputs and parameters from the run's seed, run on the compiled
/// Submissions/Examples/Vae/Correct once per seed: none may fail. They are deterministic comparisons within derived
/// float32 bounds, so a failure would be a bound too tight for some drawn input, except
/// <see cref="CSamplesFollowLogNormal"/>, a KS test whose false-fail rate is ≤ 1e-6 per run by design (≤ 2e-4 over
/// 200 seeds). The test prints each check's mean run time.
/// </summary>
public class VaeCorrectExampleSeedsTests
{
    [Test]
    public void The_seeded_vae_checks_pass_the_correct_example_under_200_seeds() => Run(200);

    private static void Run(int seeds) => CorrectExampleSeeds.PassEverySeed("Vae", seeds);
}
