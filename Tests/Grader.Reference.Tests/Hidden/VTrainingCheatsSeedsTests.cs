using Grader.Checks.Hidden.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Issue 45, item 3 ("training checked for the work") on the V check of sheet 000 (ex. 1 (a)): each training cheat of
/// <c>Submissions/Examples/Diffusion/Cheats</c> whose <c>cheat.json</c> names the check loses it on every one of 20 grading
/// seeds, and the Correct example keeps it on every one — the whole decision as graded (first run, fresh runs
/// when undecided; <see cref="TrainingCheatsSweep"/>). The cheats: no optimiser step (random features and a least-squares
/// read-out), the closed-form denoiser of the training points, a fifth of the budget, every step only below 1500 steps, t from six
/// noise levels only (third stop). Figures: docs/measurements/2026-11-26-v-toy-training-budget-response.md. Explicit (minutes of CPU);
/// <c>CheatHandinsTests</c> grades each cheat on one seed in every run.
/// </summary>
[Explicit("20 seeds × 6 trainers: minutes of CPU")]
public sealed class VTrainingCheatsSeedsTests
{
    private static readonly HeidelbergVTrainingQuality V = new();

    public static IEnumerable<TestCaseData> VCheats() => TrainingCheatsSweep.Cheats(V.Id, "V training");

    [TestCaseSource(nameof(VCheats))]
    public void Cheat_loses_the_V_check_on_every_seed(string slug) =>
        VOutcomes(slug).Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the V training check on every seed");

    [Test]
    public void The_correct_example_keeps_the_V_check_on_20_of_20_seeds() =>
        VOutcomes(null).Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();

    private static List<(ulong Seed, bool Passed, string Message)> VOutcomes(string? slug) =>
        TrainingCheatsSweep.Outcomes(TrainingCheatsSweep.Source(slug), slug ?? "Correct", V.Id, context =>
        {
            var (result, runs) = V.Decide(context);
            return (result, runs.Count, runs.Count > 0 ? runs[0].Values : []);
        });
}
