using Grader.Checks.Hidden.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The ODE training check's two graded budgets (the note's "Seventh stop"): drawn per run, distinct, uniform on
/// [<see cref="OdeTrainingQuality.FewestSteps"/>, <see cref="OdeTrainingQuality.MostSteps"/>], so no budget is a constant
/// a hand-in could be right at alone (cheat <c>ode-training-right-only-at-graded-budgets</c>: right at exactly 48 and
/// 52, the sixth stop's budgets).
/// </summary>
public sealed class OdeTrainingBudgetsTests
{
    [Test]
    public void Two_distinct_budgets_of_the_range_every_run_each_pair_about_equally_often()
    {
        int lo = OdeTrainingQuality.FewestSteps, n = OdeTrainingQuality.MostSteps - lo + 1, pairs = n * (n - 1) / 2, runs = 100 * pairs;
        var counts = new int[n, n];
        var first = new int[n];
        for (int seed = 1; seed <= runs; seed++)
        {
            var budgets = OdeTrainingQuality.DrawBudgets(new Generator((ulong)seed));
            budgets.Should().HaveCount(2);
            budgets.Should().OnlyContain(b => b >= lo && b < lo + n, "both budgets are of the range");
            budgets[0].Should().NotBe(budgets[1], "two calls of one budget would leave the response nothing to compare and repeat a signal");
            counts[Math.Min(budgets[0], budgets[1]) - lo, Math.Max(budgets[0], budgets[1]) - lo]++;
            first[budgets[0] - lo]++;
        }

        // Each unordered pair: binomial(runs, 1/pairs), mean 100, sd ≤ 10; [50, 150] is 5 sd either side.
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                counts[i, j].Should().BeInRange(50, 150, $"the pair ({lo + i}, {lo + j}) is drawn about once in {pairs} runs");
        // Each budget first: binomial(runs, 1/n); within 5 sd of its mean.
        double spread = 5 * Math.Sqrt(runs * (1.0 / n) * (1 - 1.0 / n));
        first.Should().OnlyContain(c => Math.Abs(c - (double)runs / n) <= spread, "every budget of the range comes first about equally often");
    }

    [Test]
    public void The_sixth_stops_pair_is_one_of_many()
    {
        // The sixth stop's constants 48 and 52 are inside the range, and their pair is drawn in about 1 run of as many as
        // the range has pairs (10 for 48 … 52): the price of a range as narrow as the time direction's power allows.
        int lo = OdeTrainingQuality.FewestSteps, hi = OdeTrainingQuality.MostSteps;
        lo.Should().BeLessThanOrEqualTo(48);
        hi.Should().BeGreaterThanOrEqualTo(52);
        int both = Enumerable.Range(1, 7800).Count(seed => OdeTrainingQuality.DrawBudgets(new Generator((ulong)seed)).Order().SequenceEqual([48, 52]));
        int pairs = (hi - lo + 1) * (hi - lo) / 2;
        both.Should().BeLessThan(7800 / pairs + 5 * (int)Math.Ceiling(Math.Sqrt(7800.0 / pairs)), "a training right at 48 and 52 alone is graded on those two only about once in as many runs as there are pairs");
    }
}
