using Grader.Checks.Hidden.Diffusion.Images;

namespace Grader.Reference.Tests.Hidden.Images;

/// <summary>
/// Issue 45, item 3 ("training checked for the work") on sheet 004's image training check: each training cheat of
/// <c>Submissions/Examples/Diffusion/Cheats</c> that names <c>diffusion.dtu.image-training-quality</c> loses the check on
/// every one of <see cref="Seeds"/> grading seeds, and the Correct example passes on every one — the whole decision as
/// graded (<see cref="DtuImageTrainingQuality.Decide"/>: first run, fresh runs when undecided). The cheats: no optimiser
/// step (a Gaussian fit's linear denoiser), the closed-form denoiser of the training images, a fifth of the budget,
/// every step only below the grading budget, four noise levels. The pattern is <c>SheetCasesEveryRunTests</c>' (one
/// check, one hand-in, run on seeds 1 … N with <see cref="HandinGrader.CheckSeed"/>). The figures per seed are printed.
/// Explicit, as <c>TrainingChecksSeedsTests</c>: the seven cases took about 5 minutes of CPU on the 2-core machine
/// (figures: docs/measurements/2026-11-26-image-training-budget-response.md); <c>CheatHandinsTests</c> grades each cheat
/// on one seed in every run.
/// </summary>
[Explicit("20 seeds × 7 image trainings: about 5 minutes of CPU")]
public sealed class ImageTrainingCheatsSeedsTests
{
    private static readonly DtuImageTrainingQuality Check = new();

    /// <summary>The cheats whose cheat.json names the check.</summary>
    public static IEnumerable<TestCaseData> Cheats() => TrainingCheatsSweep.Cheats(Check.Id, "Image training");

    [TestCaseSource(nameof(Cheats))]
    public void Cheat_loses_the_check_on_every_seed(string slug)
    {
        var outcomes = Outcomes(TrainingCheatsSweep.Source(slug), slug);
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the image training check on every seed");
    }

    [Test]
    public void The_correct_example_keeps_the_check_on_20_of_20_seeds()
    {
        var outcomes = Outcomes(TrainingCheatsSweep.Source(null), "Correct");
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }

    private static List<(ulong Seed, bool Passed, string Message)> Outcomes(HandinSource source, string name) =>
        TrainingCheatsSweep.Outcomes(source, name, Check.Id, context =>
        {
            var (result, runs) = Check.Decide(context);
            return (result, runs.Count, runs.Count > 0 ? runs[0].Values : []);
        });
}
