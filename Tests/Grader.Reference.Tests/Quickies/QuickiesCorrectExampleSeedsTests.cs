using Grader.Reference.Tests.Grading;

namespace Grader.Reference.Tests.Quickies;

/// <summary>
/// The loss quickies' checks, all of which draw their inputs from the run's seed, run on the compiled
/// Submissions/Examples/Quickies/Correct once per seed: none may fail. They are deterministic comparisons within derived
/// float32 bounds (no statistical test), so a failure would be a bound too tight for some drawn input, not bad luck.
/// The 1000 check runs take about 2 s; the test prints each check's mean run time.
/// </summary>
public class QuickiesCorrectExampleSeedsTests
{
    [Test]
    public void The_seeded_quickie_checks_pass_the_correct_example_under_200_seeds() => Run(200);

    private static void Run(int seeds) => CorrectExampleSeeds.PassEverySeed("Quickies", seeds);
}
