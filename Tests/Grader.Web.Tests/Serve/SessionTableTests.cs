using FluentAssertions;
using Grader.Web;
using NUnit.Framework;

namespace Grader.Web.Tests.Serve;

/// <summary><see cref="SessionTable"/>: a session is open until it is ended or unused for its idle time, under its own scheme and name only.</summary>
public class SessionTableTests
{
    [Test]
    public void A_session_is_open_until_it_ends_or_idles_and_only_for_its_scheme_and_name()
    {
        var clock = new SignInFailuresTests.ManualClock();
        var sessions = new SessionTable(TimeSpan.FromHours(1), clock);
        var ana = sessions.Open("tutor", "ana");
        var alice = sessions.Open("student", "alice");
        var again = sessions.Open("student", "alice");
        ana.Should().NotBe(alice).And.HaveLength(22, "128 random bits, URL-safe base64");
        sessions.IsOpen(ana, "tutor", "ana").Should().BeTrue();
        sessions.IsOpen(ana, "student", "ana").Should().BeFalse("a tutor's session is no student's");
        sessions.IsOpen(ana, "tutor", "ben").Should().BeFalse("a session is its owner's only");
        sessions.IsOpen("made-up", "tutor", "ana").Should().BeFalse();
        sessions.IsOpen(null, "tutor", "ana").Should().BeFalse();

        sessions.End(ana);
        sessions.IsOpen(ana, "tutor", "ana").Should().BeFalse("signed out");
        sessions.IsOpen(alice, "student", "alice").Should().BeTrue("another session goes on");

        // Used, a session lives on; unused for the idle time, it is gone.
        clock.Advance(TimeSpan.FromMinutes(50));
        sessions.IsOpen(alice, "student", "alice").Should().BeTrue();
        clock.Advance(TimeSpan.FromMinutes(50));
        sessions.IsOpen(alice, "student", "alice").Should().BeTrue("used 50 minutes ago");
        sessions.IsOpen(again, "student", "alice").Should().BeFalse("unused for 100 minutes");

        sessions.Count.Should().Be(1, "the idle session was dropped when it was asked about");
    }
}
