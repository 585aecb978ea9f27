using Grader.Checks.Hidden.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Issue 45, item 3 ("training checked for the work") on the toy-data check of sheet 004 (ex. 3.4): each training cheat
/// of <c>Submissions/Examples/Diffusion/Cheats</c> whose <c>cheat.json</c> names the check loses it on every one of 20
/// grading seeds by its budget response (<see cref="DtuToyDataTrainingQuality.MeasureResponse"/>: single bounds, so a
/// response beyond one fails the check whatever its other scores; the sampling is skipped to keep the sweep to minutes),
/// and the Correct example's response is within every bound on every seed. Figures:
/// docs/measurements/2026-11-26-v-toy-training-budget-response.md. Explicit (minutes of CPU).
/// </summary>
[Explicit("20 seeds × trainers, three trainings per data set each: minutes of CPU")]
public sealed class ToyTrainingCheatsSeedsTests
{
    private static readonly DtuToyDataTrainingQuality Toy = new();

    public static IEnumerable<TestCaseData> ToyCheats() => TrainingCheatsSweep.Cheats(Toy.Id, "Toy-data training");

    [TestCaseSource(nameof(ToyCheats))]
    public void Cheat_loses_the_toy_check_by_its_response_on_every_seed(string slug) =>
        Outcomes(slug).Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose the toy-data check on every seed");

    [Test]
    public void The_correct_example_keeps_the_response_on_20_of_20_seeds() =>
        Outcomes(null).Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();

    private static List<(ulong Seed, bool Passed, string Message)> Outcomes(string? slug)
    {
        var bounds = Toy.Design.Bounds.TakeLast(6).ToList();
        return TrainingCheatsSweep.Outcomes(TrainingCheatsSweep.Source(slug), slug ?? "Correct", Toy.Id, context =>
        {
            var (failure, response) = Toy.MeasureResponse(context);
            if (failure is not null) return (failure, 1, []);
            var beyond = bounds.Zip(response).Where(p => p.First.Fails(p.Second)).Select(p => p.First.Name).ToList();
            var result = beyond.Count == 0 ? CheckResult.Pass(Toy.Id, "response within its bounds", Toy.SheetRef)
                : CheckResult.Fail(Toy.Id, $"response beyond: {string.Join("; ", beyond)}", sheetRef: Toy.SheetRef);
            return (result, 1, response);
        });
    }
}
