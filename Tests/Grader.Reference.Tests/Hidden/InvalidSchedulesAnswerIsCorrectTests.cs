using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Tests.Support;
using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden;

/// <summary>TUM P4 (d) on the sheet's own question, a check of the tutor's run only (a visible one would give the answer away).</summary>
public sealed class InvalidSchedulesAnswerIsCorrectTests
{
    private static InvalidSchedulesAnswerIsCorrect Check(int schedule) => InvalidSchedulesAnswerIsCorrect.PerSchedule[schedule - 1];

    [Test]
    public void TheSheetsRuleGivesTwoAndFourForEveryN()
    {
        foreach (var n in new[] { 1, 2, 3, 10, 1000 })
            Assert.That(InvalidSchedulesAnswerIsCorrect.Expected(n), Is.EqualTo(new[] { 2, 4 }), $"N = {n}");
    }

    [Test]
    public void OneCheckPerScheduleWithItsOwnId() =>
        Assert.That(InvalidSchedulesAnswerIsCorrect.PerSchedule.Select(c => c.Id), Is.EqualTo(Enumerable.Range(1, 4).Select(k => $"diffusion.tum.invalid-schedules-answer-is-correct.schedule-{k}")));

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void TwoAndFourPassEverySchedule(int schedule) => DiffusionCheckHarness.Run(Check(schedule), new Answer(2, 4)).ShouldPass();

    /// <summary>The rubric's ✓s: {2} misses schedule 4 only, so the checks of 1, 2 and 3 still pass.</summary>
    [Test]
    public void MissingFourLosesScheduleFoursShareOnly()
    {
        DiffusionCheckHarness.Run(Check(4), new Answer(2))
            .ShouldFailInOrder("Your answer {2} misses schedule 4", "✗ schedule 4 missed", "β_n ≤ 0 for n ≤ N/2", "Re-read sheet 002, problem 4 (d)");
        foreach (var k in new[] { 1, 2, 3 }) DiffusionCheckHarness.Run(Check(k), new Answer(2)).ShouldPass();
    }

    [Test]
    public void FlaggingOneIsADeductionOnScheduleOneOnly()
    {
        DiffusionCheckHarness.Run(Check(1), new Answer(1, 2, 4)).ShouldFailWith("flags schedule 1", "−✓ schedule 1 falsely flagged", "sin 1 ≈ 0.84");
        foreach (var k in new[] { 2, 3, 4 }) DiffusionCheckHarness.Run(Check(k), new Answer(1, 2, 4)).ShouldPass();
    }

    [Test]
    public void ANumberThatIsNoScheduleIsNamedWithoutADeduction()
    {
        DiffusionCheckHarness.Run(Check(3), new Answer(2, 4, 5)).ShouldPass();
        DiffusionCheckHarness.Run(Check(3), new Answer(3, 4, 5)).ShouldFailWith("5 is not one of the schedules 1–4");
    }

    [Test]
    public void NullFails() => DiffusionCheckHarness.Run(Check(2), new Answer(null)).ShouldFailWith("InvalidSchedules is null");

    [Test]
    public void NotImplementedFails() => DiffusionCheckHarness.Run(Check(2), new ThrowingAnswer()).ShouldFailWith("not implemented yet: P4 (d)");

    [Test]
    public void AScheduleOutsideOneToFourIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new InvalidSchedulesAnswerIsCorrect(5));

    /// <summary>The property answered right; InvalidAmong answers the sheet's question with {2} (schedule 4 missed).</summary>
    [Test]
    public void InvalidAmongIsAskedTheSheetsQuestionToo()
    {
        DiffusionCheckHarness.Run(Check(4), new OnlyPropertyRight(2, 4), new General(2))
            .ShouldFailInOrder("InvalidAmong(the sheet's own question: its four schedules as printed) answers {2}", "misses schedule 4", "Rubric: ✗ schedule 4 missed");
        DiffusionCheckHarness.Run(Check(2), new OnlyPropertyRight(2, 4), new General(2)).ShouldPass();
    }

    [Test]
    public void AHandinWithoutInvalidAmongFails() =>
        DiffusionCheckHarness.Run(Check(2), new OnlyPropertyRight(2, 4)).ShouldFailWith("IInvalidBetaSchedules");

    /// <summary>Answers the property and, for the sheet's question (four forms, c = 1, N = 1000), InvalidAmong alike.</summary>
    private sealed class Answer(params int[]? invalid) : IBetaScheduleAnswer, IInvalidBetaSchedules
    {
        public IReadOnlySet<int> InvalidSchedules { get; } = invalid?.ToHashSet()!;

        public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N)
        {
            Assert.That(schedules, Is.EqualTo(InvalidSchedulesAnswerIsCorrect.SheetQuestion()));
            Assert.That(N, Is.EqualTo(InvalidSchedulesAnswerIsCorrect.SheetN));
            return InvalidSchedules;
        }
    }

    private sealed class OnlyPropertyRight(params int[] invalid) : IBetaScheduleAnswer
    {
        public IReadOnlySet<int> InvalidSchedules { get; } = invalid.ToHashSet();
    }

    private sealed class General(params int[] invalid) : IInvalidBetaSchedules
    {
        public IReadOnlySet<int> InvalidAmong(IReadOnlyList<BetaScheduleFormula> schedules, int N) => invalid.ToHashSet();
    }

    private sealed class ThrowingAnswer : IBetaScheduleAnswer
    {
        public IReadOnlySet<int> InvalidSchedules => throw new NotImplementedException("P4 (d)");
    }
}
