using FsCheck;
using FsCheck.Fluent;
using Grader.Checks.Properties;

namespace Grader.Checks.Tests.Diffusion.Properties;

/// <summary>FsCheck's three outcomes and a throwing property, mapped onto a <see cref="CheckResult"/>.</summary>
public sealed class PropertyRunnerTests
{
    private static readonly PropertyRunner.Settings Settings = new("test.property", "sheet 0, eq. (1)", "x < 300 for x in 0 … 1000", Seed: 12345, MaxTest: 100);

    private static Arbitrary<int> Numbers() => Arb.From(Gen.Choose(0, 1000), x => x > 0 ? new[] { x / 2, x - 1 } : []);

    [Test]
    public void PassedIsPassedWithTheCountAndTheDistribution()
    {
        var result = PropertyRunner.Check(Settings, Numbers(), x => x <= 1000, x => $"{x}", x => x < 500 ? "low" : "high");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Passed));
        Assert.That(result.Message, Does.Contain("passed 100 generated cases").And.Contain("low").And.Contain("high").And.Contain("%"));
    }

    [Test]
    public void FailedCarriesTheShrunkCounterexampleShrinksAndReplay()
    {
        var result = PropertyRunner.Check(Settings, Numbers(), x => x < 300, x => $"{x} is not below 300.");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        Assert.That(result.Counterexample, Is.Not.Null);
        Assert.That(result.Counterexample!.Shrunk, Is.EqualTo("300"), "shrinking halves and decrements down to the boundary");
        Assert.That(result.Counterexample.Shrinks, Is.GreaterThan(0));
        Assert.That(int.Parse(result.Counterexample.Original), Is.GreaterThanOrEqualTo(300));
        Assert.That(result.Counterexample.Replay, Does.StartWith("12345,"));
        Assert.That(result.Message, Does.Contain("300 is not below 300.").And.Contain("Smallest counterexample").And.Contain("Re-read sheet 0, eq. (1)"));
    }

    [Test]
    public void TheSameSeedReplaysTheSameRun()
    {
        var first = PropertyRunner.Check(Settings, Numbers(), x => x < 300, x => "");
        var second = PropertyRunner.Check(Settings, Numbers(), x => x < 300, x => "");
        Assert.That(second.Counterexample, Is.EqualTo(first.Counterexample));
    }

    [Test]
    public void ExhaustedIsErroredAsAGraderDefect()
    {
        var result = PropertyRunner.Check(Settings, Numbers(), _ => Prop.Discard<bool>(), _ => "");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored), result.Message);
        Assert.That(result.Message, Does.Contain("exhausted").And.Contain("grader defect"));
    }

    [Test]
    public void NotImplementedIsFailed()
    {
        var result = PropertyRunner.Check(Settings, Numbers(), bool (_) => throw new NotImplementedException("IsValid"), _ => "");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        Assert.That(result.Message, Does.StartWith("not implemented yet: IsValid"));
    }

    [Test]
    public void AnyOtherExceptionIsErroredWithTheInput()
    {
        var result = PropertyRunner.Check(Settings, Numbers(), x => x < 700 ? true : throw new InvalidOperationException("too big"), _ => "");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored), result.Message);
        Assert.That(result.Message, Does.Contain("threw InvalidOperationException: too big").And.Contain("Smallest input"));
        Assert.That(result.Counterexample!.Shrunk, Is.EqualTo("700"));
    }

    [Test]
    public void AHiddenChecksCounterexampleIsDescribedAndItsValuesAreTheTutors()
    {
        var hidden = Settings with { Hidden = true };
        var result = PropertyRunner.Check(hidden, Numbers(), x => x < 300, x => $"{x} is not below 300.", describe: x => "a number at or above the bound");
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Failed), result.Message);
        Assert.That(result.Counterexample, Is.Null);
        Assert.That(result.Message, Does.Contain("a number at or above the bound").And.Contain("Re-read sheet 0, eq. (1)")
            .And.Not.Contain("300 is not below").And.Not.Contain("counterexample").And.Not.Contain("12345"), "the claim names 300; the counterexample's value and replay are not shown");
        Assert.That(result.Seen, Does.Not.Contain("300"));
        Assert.That(result.TutorDetail, Does.Contain("300 is not below 300.").And.Contain("Counterexample: 300").And.Contain("replay 12345,"));

        var threw = PropertyRunner.Check(hidden, Numbers(), x => x < 700 ? true : throw new InvalidOperationException("too big: 700"), _ => "");
        Assert.That(threw.Outcome, Is.EqualTo(CheckOutcome.Errored), threw.Message);
        Assert.That(threw.Message, Does.Contain("threw InvalidOperationException on a case drawn for this grading run").And.Not.Contain("700"));
        Assert.That(threw.TutorDetail, Does.Contain("too big: 700"));
    }
}
