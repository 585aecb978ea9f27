using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The ODE training check's graded budgets (the note's "Seventh stop" and "Eighth stop"): three drawn per run, distinct,
/// uniform on [<see cref="OdeTrainingQuality.FewestSteps"/>, <see cref="OdeTrainingQuality.MostSteps"/>], so no budget is
/// a constant a hand-in could be right at alone, and no two budgets cover a run (cheat
/// <c>ode-training-right-only-at-graded-budgets</c>: right at exactly 48 and 52, the sixth stop's budgets).
/// </summary>
public sealed class OdeTrainingBudgetsTests
{
    [Test]
    public void Three_distinct_budgets_of_the_range_every_run_each_set_about_equally_often()
    {
        int lo = OdeTrainingQuality.FewestSteps, n = OdeTrainingQuality.MostSteps - lo + 1;
        OdeTrainingQuality.GradedCalls.Should().Be(3);
        var sets = new Dictionary<string, int>();
        var first = new int[n];
        int runs = 1000;
        for (int seed = 1; seed <= runs; seed++)
        {
            var budgets = OdeTrainingQuality.DrawBudgets(new Generator((ulong)seed));
            budgets.Should().HaveCount(3);
            budgets.Should().OnlyContain(b => b >= lo && b < lo + n, "every budget is of the range");
            budgets.Distinct().Should().HaveCount(3, "two calls of one budget would repeat a signal and leave a pair of right values a run to cover");
            string key = string.Join(",", budgets.Order());
            sets[key] = sets.GetValueOrDefault(key) + 1;
            first[budgets[0] - lo]++;
        }

        // C(5, 3) = 10 sets, each binomial(1000, 1/10): mean 100, sd 9.5; [50, 150] is more than 5 sd either side.
        sets.Should().HaveCount(10, "every set of three budgets of the range is drawn");
        sets.Values.Should().OnlyContain(c => c >= 50 && c <= 150, "each set of three is drawn about once in 10 runs");
        double spread = 5 * Math.Sqrt(runs * (1.0 / n) * (1 - 1.0 / n));
        first.Should().OnlyContain(c => Math.Abs(c - (double)runs / n) <= spread, "every budget of the range comes first about equally often");
    }

    [Test]
    public void No_two_budgets_cover_a_run()
    {
        // A training right at two budgets only (the sixth stop's 48 and 52, or any pair) is graded on a wrong model in
        // every run: the third budget is neither. The first two are drawn as the seventh stop drew its pair.
        for (int seed = 1; seed <= 1000; seed++)
        {
            var budgets = OdeTrainingQuality.DrawBudgets(new Generator((ulong)seed));
            budgets.Except([48, 52]).Should().NotBeEmpty();
            var generator = new Generator((ulong)seed);
            int firstSeventh = 48 + (int)generator.NextInt(0, 5), secondSeventh = 48 + (int)generator.NextInt(0, 4);
            budgets.Take(2).Should().Equal([firstSeventh, secondSeventh >= firstSeventh ? secondSeventh + 1 : secondSeventh], "the first two calls are the seventh stop's");
        }
    }
}
