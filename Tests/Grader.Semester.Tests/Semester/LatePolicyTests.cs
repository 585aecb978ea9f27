using Grader.Semester;

namespace Grader.Semester.Tests.Semester;

/// <summary>The late policy: started days past the deadline plus extension, grace days spent in deadline order, then the penalty per day.</summary>
public sealed class LatePolicyTests
{
    private static readonly SheetDeadline[] Sheets =
    [
        new("002", new DateTimeOffset(2026, 11, 9, 12, 0, 0, TimeSpan.Zero)),
        new("000", new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero)),
    ];

    [Test]
    public void Grace_days_go_to_the_earlier_deadline_first_and_the_rest_costs_the_penalty()
    {
        var at = new Dictionary<string, DateTimeOffset?>
        {
            ["000"] = new DateTimeOffset(2026, 11, 3, 12, 0, 1, TimeSpan.Zero), // one second into the second day: 2 days
            ["002"] = new DateTimeOffset(2026, 11, 10, 11, 0, 0, TimeSpan.Zero), // 23 hours: 1 day
        };
        var outcomes = new LatePolicy(1, 0.25).Apply("bob", Sheets, [], s => at[s]);
        outcomes.Select(o => (o.Sheet, o.LateDays, o.GraceDaysUsed, o.PenalisedDays, o.Factor)).Should().Equal(
            ("000", 2, 1, 1, 0.75), ("002", 1, 0, 1, 0.75));
    }

    [Test]
    public void An_extension_moves_the_deadline_and_the_penalty_never_goes_below_zero()
    {
        var at = new Dictionary<string, DateTimeOffset?>
        {
            ["000"] = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero),
            ["002"] = new DateTimeOffset(2026, 11, 11, 11, 59, 0, TimeSpan.Zero),
        };
        var outcomes = new LatePolicy(0, 0.25).Apply("bob", Sheets, [new Extension("bob", "002", 2), new Extension("alice", "000", 30)], s => at[s]);
        outcomes.Single(o => o.Sheet == "002").Late.Should().BeFalse("two days of extension cover 47 hours");
        outcomes.Single(o => o.Sheet == "000").Factor.Should().Be(0, "18 days at 25 % would be below zero");
        outcomes.Single(o => o.Sheet == "000").ExtensionDays.Should().Be(0, "alice's extension is not bob's");
    }

    [Test]
    public void Without_a_submission_time_a_hand_in_counts_as_on_time_and_says_so()
    {
        var outcome = new LatePolicy(0, 0.5).Apply("carol", Sheets, [], _ => null)[0];
        outcome.Factor.Should().Be(1);
        outcome.Describe(0.5).Should().StartWith("no submission time known");
    }
}
