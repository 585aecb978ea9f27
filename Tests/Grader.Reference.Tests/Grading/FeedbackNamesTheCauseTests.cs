using Grader.Checks.Hidden.Attention;
using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// "Feedback names the cause it can prove" (issue 26, part 6): on a mutant whose bug a check catches, the message names
/// that bug, not another one the same symptom also fits; and a valid method of another tableau is told as what it is. (The reverse step's x̂₀ from ᾱ_{t−1}, named alike by its visible
/// and its hidden comparison, is in <see cref="ExampleHandinsTests"/>.)
/// </summary>
public class FeedbackNamesTheCauseTests
{
    private const int Seeds = 20;

    /// <summary>
    /// A softmax without the row max returns NaN where a score exceeds ≈ 88.7. The heads-are-independent law perturbs one
    /// head's W_q by 10·N(0, 1), which makes such scores; it used to compare the NaN outputs and say "the heads must not
    /// share weights". Now the call itself reports the overflow, on every seed it fails.
    /// </summary>
    [Test]
    public void A_softmax_that_overflows_is_told_as_an_overflow_not_as_shared_heads()
    {
        var bad = SheetCasesEveryRunTests.Compile("Attention/Mutants/softmax-overflows");
        var check = new HeadsAreIndependent();
        var messages = new List<string>();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var result = check.Run(new CheckContext(bad, HandinGrader.CheckSeed(seed, check.Id), SheetCasesEveryRunTests.SnapshotRoot) { Hidden = true });
            result.Passed.Should().BeFalse($"seed {seed}: the law's perturbation makes scores above 88.7");
            messages.Add(result.Message);
        }
        TestContext.Out.WriteLine(messages[0]);
        messages.Should().OnlyContain(m => m.Contains("softmax overflows for large logits (subtract the row max)", StringComparison.Ordinal));
        messages.Should().NotContain(m => m.Contains("share weights", StringComparison.Ordinal) || m.Contains("own slice", StringComparison.Ordinal));
    }

    /// <summary>
    /// A valid method of another tableau (Heun's rk2, the 3/8 rule for rk4) has the order the order check asks, whatever
    /// its error constant on a drawn field: the check recognises its steps (<see cref="SolverConvergesWithItsOrder.SameSteps"/>)
    /// and passes it on every seed; the tableau check, which the mutant's mutant.json names, takes the tableau's points.
    /// </summary>
    [TestCase("rk2-heun")]
    [TestCase("rk4-three-eighths")]
    public void A_valid_method_of_another_tableau_has_its_order(string mutant)
    {
        var handin = SheetCasesEveryRunTests.Compile($"OdeSde/Mutants/{mutant}");
        var check = new SolverConvergesWithItsOrder();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var result = check.Run(new CheckContext(handin, HandinGrader.CheckSeed(seed, check.Id), SheetCasesEveryRunTests.SnapshotRoot) { Hidden = true });
            result.Passed.Should().BeTrue($"seed {seed}: {mutant} is a method of the asked order ({result.Message})");
        }
    }

    /// <summary>
    /// A valid method of another order (classic rk4 handed in as rk2) fails the order check, and the message names the
    /// method it is and its order instead of a measured "order ≈ 3.5".
    /// </summary>
    [Test]
    public void A_method_of_another_order_is_named_by_the_order_check()
    {
        var handin = SheetCasesEveryRunTests.Compile("OdeSde/Mutants/rk2-is-rk4");
        var check = new SolverConvergesWithItsOrder();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var result = check.Run(new CheckContext(handin, HandinGrader.CheckSeed(seed, check.Id), SheetCasesEveryRunTests.SnapshotRoot) { Hidden = true });
            result.Passed.Should().BeFalse($"seed {seed}");
            result.Message.Should().Contain("your rk2 takes the steps of classic Runge–Kutta (rk4), a method of order 4, not 2", $"seed {seed}");
        }
    }
}
