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
}
