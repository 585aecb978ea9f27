using Grader.Metrics.Statistics;

namespace Grader.Reference.Tests.Metrics.Statistics;

public sealed class FalseFailBudgetTests
{
    [Test]
    public void Normal_quantiles_at_one_in_a_million()
    {
        FalseFailBudget.OneSidedZ(1e-6).Should().BeApproximately(4.7534, 5e-5);
        FalseFailBudget.TwoSidedZ(1e-6).Should().BeApproximately(4.8916, 5e-5);
        FalseFailBudget.TwoSidedZ(0.05).Should().BeApproximately(1.959964, 1e-6);
        FalseFailBudget.OneSidedZ(0.5).Should().BeApproximately(0, 1e-12);
    }

    [Test]
    public void Bonferroni_splits_the_total_level()
    {
        FalseFailBudget.Bonferroni(1e-6, 4).Should().Be(2.5e-7);
        FalseFailBudget.OneSidedZ(FalseFailBudget.Bonferroni(1e-6, 10)).Should().BeGreaterThan(FalseFailBudget.OneSidedZ(1e-6));
        FluentActions.Invoking(() => FalseFailBudget.Bonferroni(1e-6, 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => FalseFailBudget.Bonferroni(0, 3)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Repeat_and_vote_table()
    {
        // ml-anchors §6.2: α0 = 0.01; 3 of 3 → 1.0e-6; 4 of 5 → 5·1e-8·0.99 + 1e-10 = 4.96e-8.
        FalseFailBudget.RepeatAndVote(0.01, 3, 3).Should().BeApproximately(1.0e-6, 1e-18);
        FalseFailBudget.RepeatAndVote(0.01, 5, 4).Should().BeApproximately(4.96e-8, 1e-14);
        FalseFailBudget.RepeatAndVotePower(0.95, 3, 3).Should().BeApproximately(0.857375, 1e-12);
        FalseFailBudget.RepeatAndVotePower(0.95, 5, 4).Should().BeApproximately(0.9774, 1e-4);
        FalseFailBudget.RepeatAndVotePower(0.99, 3, 3).Should().BeApproximately(0.9703, 1e-4);
        FalseFailBudget.RepeatAndVotePower(0.99, 5, 4).Should().BeApproximately(0.9990, 1e-4);
        FalseFailBudget.BinomialUpperTail(0.3, 7, 0).Should().BeApproximately(1, 1e-15);
    }

    [Test]
    public void Repeat_and_vote_false_fail_rate_matches_a_simulation_of_an_exact_test()
    {
        // An exact level-α0 z-test on the mean of 16 N(0, 1) draws, repeated 3 times, failing when 2 of 3 reject.
        // Predicted rate: 3 α0² (1 − α0) + α0³ = 0.104 at α0 = 0.2; 20,000 votes give sd 0.0022.
        const double alpha0 = 0.2;
        const int votes = 20_000;
        var z = FalseFailBudget.TwoSidedZ(alpha0);
        var rng = new Random(2024);
        var failed = 0;
        for (var v = 0; v < votes; v++)
        {
            var rejections = 0;
            for (var rep = 0; rep < 3; rep++)
            {
                double sum = 0;
                for (var i = 0; i < 16; i++)
                    sum += Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                if (Math.Abs(sum / 4) > z) rejections++;
            }
            if (rejections >= 2) failed++;
        }
        var predicted = FalseFailBudget.RepeatAndVote(alpha0, 3, 2);
        predicted.Should().BeApproximately(0.104, 1e-12);
        var sd = Math.Sqrt(predicted * (1 - predicted) / votes);
        ((double)failed / votes).Should().BeApproximately(predicted, 4.5 * sd);
    }
}
