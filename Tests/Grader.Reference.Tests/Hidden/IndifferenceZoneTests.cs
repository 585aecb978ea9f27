using Grader.Checks.Hidden.Diffusion;
using static Grader.Checks.Hidden.Training.IndifferenceZone;

namespace Grader.Reference.Tests.Hidden;

/// <summary>The decision rule of the training checks on hand-made scores: zones, the fresh runs' mean, NaN, the text.</summary>
public sealed class IndifferenceZoneTests
{
    private static readonly ScoreBound[] Bounds = [new("MMD²", 0.005, 0.005, 0.0125), new("on the V", 0.981, 0.975, 0.96, HigherIsBetter: true)];

    [TestCase(0.001, 0.99, Zone.Pass)]
    [TestCase(0.005, 0.981, Zone.Pass)]
    [TestCase(0.006, 0.99, Zone.Undecided)]
    [TestCase(0.001, 0.97, Zone.Undecided)]
    [TestCase(0.0125, 0.96, Zone.Undecided)]
    [TestCase(0.013, 0.99, Zone.Fail)]
    [TestCase(0.001, 0.959, Zone.Fail)]
    [TestCase(0.006, 0.959, Zone.Fail)]
    [TestCase(double.NaN, 0.99, Zone.Fail)]
    public void A_first_run_falls_in_its_zone(double mmd, double onV, Zone expected) =>
        Of(Bounds, [mmd, onV]).Should().Be(expected);

    [Test]
    public void Clearly_good_and_clearly_bad_first_runs_need_no_fresh_run()
    {
        Decide(Bounds, [[0.001, 0.99]]).Passed.Should().BeTrue();
        var (passed, text) = Decide(Bounds, [[0.001, 0.95]]);
        passed.Should().BeFalse();
        text.Should().Contain("on the V = 0.95, needed ≥ 0.96");
    }

    [Test]
    public void An_undecided_first_run_is_decided_by_the_mean_of_the_fresh_runs_only()
    {
        // First run undecided (on the V 0.97); the fresh runs' mean on the V is (0.99 + 0.97 + 0.97) / 3 = 0.9767 ≥ 0.975
        // (the fresh bound, below the pass bound 0.981), whatever the first run said.
        var (passed, text) = Decide(Bounds, [[0.001, 0.97], [0.002, 0.99], [0.004, 0.97], [0.003, 0.97]]);
        passed.Should().BeTrue(text);
        text.Should().Contain("trained 3 more times").And.Contain("MMD² = 0.003 (≤ 0.005), on the V = 0.977 (≥ 0.975)");

        // Mean on the V (0.976 + 0.97 + 0.97) / 3 = 0.972 < 0.975: fails, naming the score.
        var failed = Decide(Bounds, [[0.001, 0.97], [0.001, 0.976], [0.001, 0.97], [0.001, 0.97]]);
        failed.Passed.Should().BeFalse();
        failed.Text.Should().Contain("beyond the bounds: on the V = 0.972, needed ≥ 0.975");

        // A NaN in a fresh run fails the mean.
        Decide(Bounds, [[0.006, 0.99], [double.NaN, 0.99], [0.001, 0.99], [0.001, 0.99]]).Passed.Should().BeFalse();
    }

    [Test]
    public void An_undecided_first_run_without_fresh_runs_is_refused() =>
        FluentActions.Invoking(() => Decide(Bounds, [[0.006, 0.99]])).Should().Throw<InvalidOperationException>();
    /// <summary>A heavy-tailed score (fifth stop, the V's MMD²): no clearly-bad bound, the fresh runs' median decides it.</summary>
    private static readonly ScoreBound[] HeavyTailed = [new("MMD²", 0.005, 0.005, double.PositiveInfinity, FreshMedian: true), new("on the V", 0.981, 0.975, 0.96, HigherIsBetter: true)];

    [Test]
    public void A_score_without_a_clearly_bad_bound_never_fails_a_first_run_but_NaN_does()
    {
        Of(HeavyTailed, [1.0, 0.99]).Should().Be(Zone.Undecided, "no MMD² is clearly bad on one run");
        Of(HeavyTailed, [1.0, 0.95]).Should().Be(Zone.Fail, "the other scores keep their clearly-bad bounds");
        Of(HeavyTailed, [double.NaN, 0.99]).Should().Be(Zone.Fail);
        var (passed, text) = IndifferenceZone.Decide(HeavyTailed, [[double.NaN, 0.99]]);
        passed.Should().BeFalse();
        text.Should().Contain("needed a finite value", "a bound at infinity is no number to tell a student").And.NotContain("Infinity").And.NotContain("∞");
    }

    [Test]
    public void A_heavy_tailed_score_is_decided_by_the_median_of_the_fresh_runs_the_others_by_their_mean()
    {
        // One outlying fresh run (0.03) moves the mean of MMD² to 0.011 > 0.005 but not the median (0.002).
        var (passed, text) = Decide(HeavyTailed, [[0.0128, 0.99], [0.03, 0.99], [0.001, 0.97], [0.002, 0.97]]);
        passed.Should().BeTrue(text);
        text.Should().Contain("their mean (the median for MMD²): MMD² = 0.002 (≤ 0.005), on the V = 0.977 (≥ 0.975)");

        // Two fresh runs beyond the bound: the median (0.006) is too.
        var two = Decide(HeavyTailed, [[0.0128, 0.99], [0.03, 0.99], [0.006, 0.99], [0.001, 0.99]]);
        two.Passed.Should().BeFalse();
        two.Text.Should().Contain("beyond the bounds: MMD² = 0.006, needed ≤ 0.005");

        // The mean still decides the other score: (0.99 + 0.96 + 0.96) / 3 = 0.97 < 0.975.
        Decide(HeavyTailed, [[0.0128, 0.99], [0.001, 0.99], [0.001, 0.96], [0.001, 0.96]]).Passed.Should().BeFalse();

        // A NaN in any fresh run is no median.
        Decide(HeavyTailed, [[0.0128, 0.99], [double.NaN, 0.99], [0.001, 0.99], [0.001, 0.99]]).Passed.Should().BeFalse();
    }

    [Test]
    public void The_fresh_statistic_is_the_mean_unless_a_bound_asks_for_the_median()
    {
        IReadOnlyList<IReadOnlyList<double>> runs = [[0.03, 0.99], [0.001, 0.97], [0.002, 0.96]];
        Fresh(Bounds, runs).Should().Equal(Mean(runs));
        Fresh(HeavyTailed, runs)[0].Should().Be(0.002);
        Fresh(HeavyTailed, runs)[1].Should().BeApproximately(0.9733333, 1e-6, "the mean of 0.99, 0.97, 0.96");
    }
}
