using Grader.Reference.Tests.Grading;

namespace Grader.Reference.Tests.Gan;

/// <summary>
/// The GAN checks, all of which draw their densities from the run's seed, run on the compiled
/// Submissions/Examples/Gan/Correct once per seed: none may fail. They are deterministic comparisons within derived
/// float32 bounds (no statistical test), so a failure would be a bound too tight for some drawn pair, not bad luck.
/// 20 seeds in the suite; the 200-seed run is <see cref="ExplicitAttribute"/> and prints each check's run time.
/// </summary>
public class GanCorrectExampleSeedsTests
{
    [Test]
    public void The_seeded_gan_checks_pass_the_correct_example_under_20_seeds() => Run(20);

    [Test]
    [Explicit("200 seeds × 5 checks; run by hand, prints each check's mean run time")]
    public void The_seeded_gan_checks_pass_the_correct_example_under_200_seeds() => Run(200);

    private static void Run(int seeds) => CorrectExampleSeeds.PassEverySeed("Gan", seeds);
}
