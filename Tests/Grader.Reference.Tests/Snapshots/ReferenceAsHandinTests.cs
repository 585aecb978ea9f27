using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion;
using Grader.Reference.Diffusion.Handin;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Every exact and property check of the diffusion tasks passes on the reference wrapped as a hand-in
/// (<see cref="Grader.Checks.Hidden.TutorCatalog.ReferenceResolver"/>), with the approved snapshots of fixtures/snapshots.
/// </summary>
public sealed class ReferenceAsHandinTests
{
    private static IEnumerable<TestCaseData> Checks() =>
        new ICheck[]
        {
            new NegativeElboMatchesReference(),
            new DtuSampleMatchesReference(),
            new ReverseStepMatchesReference(),
            new DdimStepMatchesReference(),
            new SameNoiseTrajectoryMatchesReference(),
            new InterpolationIsLinearInLatentSpace(),
            new ScheduleValidityAgreesWithReference(),
        }.Concat(InvalidSchedulesAnswerIsCorrect.PerSchedule).Select(c => new TestCaseData(c).SetArgDisplayNames(c is InvalidSchedulesAnswerIsCorrect a ? $"{c.GetType().Name}({a.Schedule})" : c.GetType().Name));

    [TestCaseSource(nameof(Checks))]
    public void PassesOnTheReference(ICheck check)
    {
        var context = new CheckContext(TutorCatalog.ReferenceResolver(), seed: 20240917, SnapshotApproval.SnapshotRoot());
        var clock = Stopwatch.StartNew();
        var result = check.Run(context);
        TestContext.Out.WriteLine($"{check.Id}: {clock.ElapsedMilliseconds} ms — {result.Message}");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Passed), result.Message);
        Assert.That(result.Id, Is.EqualTo(check.Id));
    }

    [Test]
    public void TheReferenceAnswersTheSheetsQuestion() =>
        Assert.That(new ReferenceBetaScheduleAnswer().InvalidSchedules.Order(), Is.EqualTo(InvalidSchedulesAnswerIsCorrect.Expected()));
}
