using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Diffusion.Schedules;

namespace Grader.Reference.Tests.Hidden.Schedules;

public sealed class BetaScheduleGenTests
{
    [Test]
    public void ValidSchedulesHaveOneToFiftyValuesStrictlyInsideTheUnitInterval()
    {
        var samples = BetaScheduleGen.Valid().Sample(500, 100);
        Assert.That(samples.All(s => s.IsValid && s.Betas.Length is >= 1 and <= 50));
        Assert.That(samples.Select(s => s.Betas.Length).Distinct().Count(), Is.GreaterThan(20), "lengths vary");
    }

    [Test]
    public void InvalidSchedulesCoverEveryKindOfDefect()
    {
        var defects = BetaScheduleGen.Invalid().Sample(2000, 100).SelectMany(s => s.Defects.Select(n => s.Betas[n - 1])).ToArray();
        Assert.That(BetaScheduleGen.Invalid().Sample(500, 100).All(s => !s.IsValid));
        Assert.That(defects, Has.Some.LessThan(0));
        Assert.That(defects, Has.Some.EqualTo(0));
        Assert.That(defects, Has.Some.EqualTo(1));
        Assert.That(defects, Has.Some.GreaterThan(1));
        Assert.That(defects.Any(double.IsNaN));
    }

    [TestCase(ScheduleDefect.AboveOne)]
    [TestCase(ScheduleDefect.EqualOne)]
    [TestCase(ScheduleDefect.NotPositiveOrNotFinite)]
    public void InvalidSchedulesOfOneKindCarryOnlyThatKindOfDefect(ScheduleDefect kind)
    {
        var schedules = BetaScheduleGen.Invalid(kind).Sample(500, 100);
        var kinds = schedules.SelectMany(s => s.Defects.Select(n => BetaScheduleGen.KindOf(s.Betas[n - 1]))).Distinct().ToArray();
        Assert.That(schedules.All(s => !s.IsValid));
        Assert.That(kinds, Is.EqualTo(new[] { kind }));
    }

    [TestCase(2.0, ScheduleDefect.AboveOne)]
    [TestCase(double.PositiveInfinity, ScheduleDefect.AboveOne)]
    [TestCase(1.0, ScheduleDefect.EqualOne)]
    [TestCase(0.0, ScheduleDefect.NotPositiveOrNotFinite)]
    [TestCase(-0.5, ScheduleDefect.NotPositiveOrNotFinite)]
    [TestCase(double.NegativeInfinity, ScheduleDefect.NotPositiveOrNotFinite)]
    [TestCase(double.NaN, ScheduleDefect.NotPositiveOrNotFinite)]
    public void EachInvalidValueHasTheKindOfItsPartOfProblemFour(double beta, ScheduleDefect kind) =>
        Assert.That(BetaScheduleGen.KindOf(beta), Is.EqualTo(kind));

    [Test]
    public void ShrinkingKeepsTheDefectAndShortens()
    {
        var schedule = new BetaScheduleCase([0.3, 0.7, -2.5, 0.1]);
        var candidates = BetaScheduleGen.Shrink(schedule).ToArray();
        Assert.That(candidates, Is.Not.Empty);
        Assert.That(candidates.All(c => !c.IsValid), "every candidate keeps a defect");
        Assert.That(candidates.All(c => c.Betas.Any(b => b < 0)), "of the same kind");
        Assert.That(candidates[0].Betas, Is.EqualTo(new[] { -2.5 }), "most aggressive first: the defect alone");
        Assert.That(candidates.Any(c => c.Betas.Length == 3));
    }

    [Test]
    public void ShrinkingAValidScheduleKeepsItValid() =>
        Assert.That(BetaScheduleGen.Shrink(new BetaScheduleCase([0.3, 1e-9, 0.999])).All(c => c.IsValid));

    [Test]
    public void ACounterexamplePrintsShortAndExact() =>
        Assert.That(new BetaScheduleCase([0.5, double.NaN, Math.BitIncrement(1.0)]).ToString(), Is.EqualTo("[0.5, NaN, 1.0000000000000002] (N = 3)"));
}
