using Grader.Checks.Checking;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Results;
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
    public void TwoAndFourPassEverySchedule(int schedule) => Harness.Run(Check(schedule), new Answer(2, 4)).ShouldPass();

    /// <summary>The rubric's ✓s: {2} misses schedule 4 only, so the checks of 1, 2 and 3 still pass.</summary>
    [Test]
    public void MissingFourLosesScheduleFoursShareOnly()
    {
        Harness.Run(Check(4), new Answer(2))
            .ShouldFailInOrder("Your answer {2} misses schedule 4", "✗ schedule 4 missed", "β_n ≤ 0 for n ≤ N/2", "Re-read sheet 002, problem 4 (d)");
        foreach (var k in new[] { 1, 2, 3 }) Harness.Run(Check(k), new Answer(2)).ShouldPass();
    }

    [Test]
    public void FlaggingOneIsADeductionOnScheduleOneOnly()
    {
        Harness.Run(Check(1), new Answer(1, 2, 4)).ShouldFailWith("flags schedule 1", "−✓ schedule 1 falsely flagged", "sin 1 ≈ 0.84");
        foreach (var k in new[] { 2, 3, 4 }) Harness.Run(Check(k), new Answer(1, 2, 4)).ShouldPass();
    }

    [Test]
    public void ANumberThatIsNoScheduleIsNamedWithoutADeduction()
    {
        Harness.Run(Check(3), new Answer(2, 4, 5)).ShouldPass();
        Harness.Run(Check(3), new Answer(3, 4, 5)).ShouldFailWith("5 is not one of the schedules 1–4");
    }

    [Test]
    public void NullFails() => Harness.Run(Check(2), new Answer(null)).ShouldFailWith("InvalidSchedules is null");

    [Test]
    public void NotImplementedFails() => Harness.Run(Check(2), new ThrowingAnswer()).ShouldFailWith("not implemented yet: P4 (d)");

    [Test]
    public void AScheduleOutsideOneToFourIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new InvalidSchedulesAnswerIsCorrect(5));

    /// <summary>The property answered right; InvalidAmong answers the sheet's question with {2} (schedule 4 missed).</summary>
    [Test]
    public void InvalidAmongIsAskedTheSheetsQuestionToo()
    {
        Harness.Run(Check(4), new OnlyPropertyRight(2, 4), new General(2))
            .ShouldFailInOrder("InvalidAmong(the sheet's own question: its four schedules as printed) answers {2}", "misses schedule 4", "Rubric: ✗ schedule 4 missed");
        Harness.Run(Check(2), new OnlyPropertyRight(2, 4), new General(2)).ShouldPass();
    }

    [Test]
    public void AHandinWithoutInvalidAmongFails() =>
        Harness.Run(Check(2), new OnlyPropertyRight(2, 4)).ShouldFailWith("IInvalidBetaSchedules");

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

    /// <summary>Runs the check on in-test implementations of the contracts: a contract resolves to the first one implementing it.</summary>
    private static class Harness
    {
        public static CheckResult Run(ICheck check, params object[] implementations)
        {
            var result = check.Run(new CheckContext(contract => implementations.FirstOrDefault(contract.IsInstanceOfType), 20240917, ""));
            TestContext.Out.WriteLine($"{result.Outcome}: {result.Message}");
            Assert.That(result.Id, Is.EqualTo(check.Id));
            return result;
        }
    }
}

internal static class InvalidSchedulesResultAssertions
{
    public static void ShouldPass(this CheckResult result) =>
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Passed), result.Message);

    /// <summary>Failed, with every part in the message.</summary>
    public static void ShouldFailWith(this CheckResult result, params string[] parts)
    {
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        foreach (var part in parts) Assert.That(result.Message, Does.Contain(part));
    }

    /// <summary>Failed, with the parts in the message in this order.</summary>
    public static void ShouldFailInOrder(this CheckResult result, params string[] partsInOrder)
    {
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        var at = 0;
        foreach (var part in partsInOrder)
        {
            var found = result.Message.IndexOf(part, at, StringComparison.Ordinal);
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"'{part}' after position {at} in: {result.Message}");
            at = found + part.Length;
        }
    }
}
