using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Tests.Diffusion;

public sealed class InvalidSchedulesAnswerIsCorrectTests
{
    private static readonly InvalidSchedulesAnswerIsCorrect Check = new();

    [Test]
    public void TheSheetsRuleGivesTwoAndFourForEveryN()
    {
        foreach (var n in new[] { 1, 2, 3, 10, 1000 })
            Assert.That(InvalidSchedulesAnswerIsCorrect.Expected(n), Is.EqualTo(new[] { 2, 4 }), $"N = {n}");
    }

    [Test]
    public void TwoAndFourPass() => DiffusionCheckHarness.Run(Check, new Answer(2, 4)).ShouldPass();

    [Test]
    public void MissingFourIsAMissedTick() =>
        DiffusionCheckHarness.Run(Check, new Answer(2))
            .ShouldFailInOrder("The invalid schedules are {2, 4}, the hand-in says {2}", "✓ schedule 2", "✗ schedule 4 missed", "β_n ≤ 0 for n ≤ N/2", "Smallest counterexample: schedule 4", "Re-read sheet 002, problem 4 (d)");

    [Test]
    public void FlaggingOneIsADeduction() =>
        DiffusionCheckHarness.Run(Check, new Answer(1, 2, 4)).ShouldFailWith("−✓ schedule 1 falsely flagged", "sin 1 ≈ 0.84");

    [Test]
    public void ANumberThatIsNoScheduleIsNamed() =>
        DiffusionCheckHarness.Run(Check, new Answer(2, 4, 5)).ShouldFailWith("−✓ 5 is not one of the schedules 1–4");

    [Test]
    public void NullFails() => DiffusionCheckHarness.Run(Check, new Answer(null)).ShouldFailWith("InvalidSchedules is null");

    [Test]
    public void NotImplementedFails() => DiffusionCheckHarness.Run(Check, new ThrowingAnswer()).ShouldFailWith("not implemented yet: P4 (d)");

    private sealed class Answer(params int[]? invalid) : IBetaScheduleAnswer
    {
        public IReadOnlySet<int> InvalidSchedules { get; } = invalid?.ToHashSet()!;
    }

    private sealed class ThrowingAnswer : IBetaScheduleAnswer
    {
        public IReadOnlySet<int> InvalidSchedules => throw new NotImplementedException("P4 (d)");
    }
}
