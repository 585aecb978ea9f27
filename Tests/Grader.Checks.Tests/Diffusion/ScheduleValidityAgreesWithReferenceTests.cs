using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Tests.Diffusion;

/// <summary>The self-check of P4 (b) and (c): the approved verdicts on the shipped schedules, one part per check.</summary>
public sealed class ScheduleValidityAgreesWithReferenceTests
{
    private static readonly ScheduleValidityAgreesWithReference AboveOne = new(ScheduleDefect.AboveOne), EqualOne = new(ScheduleDefect.EqualOne);

    [Test]
    public void TheSheetsAnswerPassesBothParts()
    {
        var sheet = new Validity(b => b > 0 && b < 1);
        DiffusionCheckHarness.Run(AboveOne, sheet).ShouldPass();
        DiffusionCheckHarness.Run(EqualOne, sheet).ShouldPass();
        DiffusionCheckHarness.Run(new ScheduleValidityAgreesWithReference(), sheet).ShouldPass();
    }

    [Test]
    public void AcceptingBetaAboveOneFailsPartBOnlyWithTheShortestSchedule()
    {
        var bug = new Validity(b => b > 0 && b != 1);
        DiffusionCheckHarness.Run(AboveOne, bug).ShouldFailInOrder("IsValid says valid for the self-check's schedule [", "(N = 1, one of P4 (b)'s cases)", "the approved answer is invalid", "re-read sheet 002, problem 4 (b)");
        DiffusionCheckHarness.Run(EqualOne, bug).ShouldPass();
    }

    [Test]
    public void AcceptingBetaEqualToOneFailsPartCOnly()
    {
        var bug = new Validity(b => b > 0 && b <= 1);
        DiffusionCheckHarness.Run(EqualOne, bug).ShouldFailWith("IsValid says valid for the self-check's schedule [1]", "the approved answer is invalid", "problem 4 (c)");
        DiffusionCheckHarness.Run(AboveOne, bug).ShouldPass();
    }

    [Test]
    public void RejectingValidSchedulesNearTheEdgesFails()
    {
        var result = DiffusionCheckHarness.Run(AboveOne, new Validity(b => b > 1e-6 && b < 1));
        result.ShouldFailWith("IsValid says invalid", "the approved answer is valid");
    }

    [Test]
    public void AHandinThatThrowsErrorsWithTheInput()
    {
        var result = DiffusionCheckHarness.Run(AboveOne, new Validity(b => double.IsInfinity(b) ? throw new ArgumentException("∞ β") : b > 0 && b < 1));
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored), result.Message);
        Assert.That(result.Message, Does.Contain("threw ArgumentException: ∞ β").And.Contain("Infinity"));
    }

    [Test]
    public void PartDHasNoSelfCheck() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ScheduleValidityAgreesWithReference(ScheduleDefect.NotPositiveOrNotFinite));

    [Test]
    public void AMissingSnapshotIsTheGradersDefect()
    {
        var result = AboveOne.Run(new Grader.Checks.Checking.CheckContext(_ => new Validity(b => b > 0 && b < 1), 1, Path.GetTempPath()));
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored));
        Assert.That(result.Message, Does.Contain("schedule-validity.approved.json is missing"));
    }

    private sealed class Validity(Func<double, bool> inside) : IBetaScheduleValidity
    {
        public bool IsValid(IReadOnlyList<double> betas) => betas.All(inside);
    }
}
