using Grader.Checks.Hidden.Diffusion.Schedules;
using Grader.Checks.Tests.Support;
using Grader.Contracts.Diffusion;

namespace Grader.Reference.Tests.Hidden.Schedules;

/// <summary>The sheet's rule for P4 (b)–(d) on generated schedules (the tutor's side; its P4 (d) part is the hidden check of 002/p4d).</summary>
public sealed class ScheduleValidityPropertyTests
{
    private static readonly ScheduleValidityProperty Check = new();

    [Test]
    public void TheSheetsRulePasses() =>
        DiffusionCheckHarness.Run(Check, new Validity(b => b > 0 && b < 1)).ShouldPass();

    [Test]
    public void AcceptingBetaAboveOneFailsWithAShrunkCounterexample()
    {
        var result = DiffusionCheckHarness.Run(Check, new Validity(b => b > 0 && b != 1));
        result.ShouldFailInOrder("IsValid agrees with", "fails", "the sheet says invalid, the hand-in said valid", "> 1", "(P4 (b))", "Smallest counterexample", "(N = 1)", "Replay", "Re-read sheet 002");
        Assert.That(result.Counterexample, Is.Not.Null);
        Assert.That(result.Counterexample!.Shrunk, Does.StartWith("[").And.EndWith("(N = 1)"));
        Assert.That(result.Counterexample.Replay, Does.Match(@"^\d+,\d+$"));
    }

    [Test]
    public void AcceptingBetaEqualToOneFailsNamingPartC()
    {
        var result = DiffusionCheckHarness.Run(Check, new Validity(b => b > 0 && b <= 1));
        result.ShouldFailWith("β_1 = 1", "(P4 (c))");
        Assert.That(result.Counterexample!.Shrunk, Is.EqualTo("[1] (N = 1)"));
    }

    [Test]
    public void AcceptingBetaZeroFailsOnTheSheetsScheduleTwo() =>
        DiffusionCheckHarness.Run(Check, new Validity(b => b >= 0 && b < 1))
            .ShouldFailInOrder("schedule 2 of P4 (d), β_n = 1 − 1/n", "expected invalid, seen valid", "β_1 = 0 ≤ 0", "Smallest counterexample: schedule 2", "Re-read");

    [Test]
    public void RejectingValidSchedulesFailsWithAValidCounterexample()
    {
        var result = DiffusionCheckHarness.Run(Check, new Validity(b => b > 1e-6 && b < 1));
        result.ShouldFailWith("the sheet says valid, the hand-in said invalid", "Every β_n lies strictly in (0, 1)");
        Assert.That(result.Counterexample!.Shrunk, Does.EndWith("(N = 1)"));
    }

    [Test]
    public void AHandinThatThrowsOnNaNErrorsWithTheInput()
    {
        var result = DiffusionCheckHarness.Run(Check, new Validity(b => double.IsNaN(b) ? throw new ArgumentException("NaN β") : b > 0 && b < 1));
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Errored), result.Message);
        Assert.That(result.Message, Does.Contain("threw ArgumentException: NaN β").And.Contain("NaN"));
    }

    private sealed class Validity(Func<double, bool> inside) : IBetaScheduleValidity
    {
        public bool IsValid(IReadOnlyList<double> betas) => betas.All(inside);
    }
}
