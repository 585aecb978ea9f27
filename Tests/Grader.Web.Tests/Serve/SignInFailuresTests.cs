using FluentAssertions;
using Grader.Web;
using NUnit.Framework;

namespace Grader.Web.Tests.Serve;

/// <summary><see cref="SignInFailures"/>: wrong tokens per address in a sliding window, right ones never counted, memory bounded.</summary>
public class SignInFailuresTests
{
    [Test]
    public void An_address_is_blocked_at_the_limit_of_wrong_tokens_within_the_window_and_free_when_the_oldest_leaves_it()
    {
        var clock = new ManualClock();
        var failures = new SignInFailures(3, TimeSpan.FromMinutes(15), clock);
        failures.Failed("10.0.0.1");
        clock.Advance(TimeSpan.FromMinutes(5));
        failures.Failed("10.0.0.1");
        failures.Blocked("10.0.0.1").Should().BeFalse("two wrong tokens of three");
        failures.Failed("10.0.0.1");
        failures.Blocked("10.0.0.1").Should().BeTrue("three wrong tokens within 15 min");
        failures.Blocked("10.0.0.2").Should().BeFalse("another address has its own count");

        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        failures.Blocked("10.0.0.1").Should().BeTrue("the first failure is 15 min old only in a second");
        clock.Advance(TimeSpan.FromSeconds(1));
        failures.Blocked("10.0.0.1").Should().BeFalse("the first failure left the window: two remain");
        failures.Failed("10.0.0.1");
        failures.Blocked("10.0.0.1").Should().BeTrue("a sliding window, not one that restarts");
    }

    [Test]
    public void More_addresses_than_it_remembers_cost_the_stalest_not_the_memory()
    {
        var clock = new ManualClock();
        var failures = new SignInFailures(2, TimeSpan.FromHours(1), clock);
        failures.Failed("stale");
        failures.Failed("stale");
        failures.Blocked("stale").Should().BeTrue();
        clock.Advance(TimeSpan.FromMinutes(1));
        for (int i = 0; i < SignInFailures.MaxAddresses / 2; i++)
        {
            failures.Failed("10.1." + i);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        for (int i = SignInFailures.MaxAddresses / 2; i < SignInFailures.MaxAddresses; i++)
        {
            failures.Failed("10.1." + i);
        }

        // The last address found the table full: the stalest half went (the stale address and the older addresses).
        failures.Blocked("stale").Should().BeFalse("the address whose failures are oldest was forgotten to make room");
        var recent = "10.1." + (SignInFailures.MaxAddresses - 2);
        failures.Failed(recent);
        failures.Blocked(recent).Should().BeTrue("a recent address is still counted");
    }

    /// <summary>A clock the test moves (SessionTableTests' too).</summary>
    internal sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
