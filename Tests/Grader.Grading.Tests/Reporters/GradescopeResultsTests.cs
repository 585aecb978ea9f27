using System.Text.Json;

namespace Grader.Grading.Tests.Reporters;

public sealed class GradescopeResultsTests
{
    private static IEnumerable<TestCaseData> Outcomes()
    {
        yield return new TestCaseData(ReporterFixture.Alice()).SetArgDisplayNames("graded");
        yield return new TestCaseData(ReporterFixture.Bob()).SetArgDisplayNames("compile-failed");
        yield return new TestCaseData(ReporterFixture.Carol()).SetArgDisplayNames("timed-out");
        yield return new TestCaseData(ReporterFixture.Dave()).SetArgDisplayNames("crashed");
        yield return new TestCaseData(ReporterFixture.AliceVisibleOnly()).SetArgDisplayNames("visible-only");
    }

    [TestCaseSource(nameof(Outcomes))]
    public void Every_outcome_gives_results_that_meet_the_Gradescope_spec(HandinReport outcome)
    {
        var json = Render(outcome);

        GradescopeSpec.Validate(json).Should().BeEmpty();
    }

    [Test]
    public void The_validator_catches_what_Gradescope_rejects()
    {
        GradescopeSpec.Validate("{\"score\": \"3\", \"tests\": []}").Should().Contain("score is String, not Number");
        GradescopeSpec.Validate("{\"tests\": [{\"score\": 1, \"max_score\": 1, \"status\": \"ok\"}]}").Should().ContainSingle(p => p.Contains("status"));
        GradescopeSpec.Validate("{\"score\": 3, \"tests\": [{\"score\": 1, \"max_score\": 1}]}").Should().ContainSingle(p => p.Contains("sum"));
        GradescopeSpec.Validate("{\"score\": 1, \"max-score\": 1, \"tests\": [{\"score\": 1, \"max_score\": 1, \"visibility\": \"later\"}]}").Should().HaveCount(2);
    }

    [Test]
    public void Each_check_and_each_manual_item_is_a_test_named_numbered_and_scored_from_the_report()
    {
        using var json = JsonDocument.Parse(Render(ReporterFixture.Alice()));
        var root = json.RootElement;
        var tests = root.GetProperty("tests").EnumerateArray().ToArray();

        tests.Should().HaveCount(6 + 6 + 1, "six checks, six manual items and the automatic points of the task without checks yet");
        root.GetProperty("score").GetDouble().Should().BeApproximately(8.1667, 1e-4, "3.6667 automatic (1 of them without checks yet; schedule's visible point withheld by its failed hidden check) + 4.5 by hand");
        root.GetProperty("output_format").GetString().Should().Be("md");
        root.GetProperty("stdout_visibility").GetString().Should().Be("hidden");
        root.GetProperty("extra_data").GetProperty("max_score").GetDouble().Should().Be(12);
        root.GetProperty("extra_data").GetProperty("manual_pending").GetDouble().Should().Be(0.5);

        var elbo = tests.Single(t => t.GetProperty("name").GetString() == "Sheet 004 · 3.4 negative-elbo — diffusion.negative-elbo");
        elbo.GetProperty("number").GetString().Should().Be("004.04.01");
        elbo.GetProperty("score").GetDouble().Should().Be(0);
        elbo.GetProperty("max_score").GetDouble().Should().BeApproximately(4.0 / 3, 1e-6);
        elbo.GetProperty("status").GetString().Should().Be("failed");
        elbo.GetProperty("visibility").GetString().Should().Be("visible");
        var output = elbo.GetProperty("output").GetString()!;
        output.Should().Contain("<1.5 & 2>").And.Contain("expected: [1.0, 2.0]").And.Contain("seen:     [1.0, <NaN>]")
            .And.Contain("re-read: sheet 004, ex. 3.4, Ho et al. eq. (14)");
        output.Should().StartWith("```text\n", "the check's text is fenced, so nothing in it is read as Markdown");

        var hidden = tests.Single(t => t.GetProperty("name").GetString()!.EndsWith("schedule.decreasing-alpha-bar", StringComparison.Ordinal));
        hidden.GetProperty("visibility").GetString().Should().Be("after_published");
        hidden.GetProperty("output").GetString().Should().Contain("smallest counterexample (after 4 shrinks): [0.5, 0.9]");

        var pending = tests.Single(t => t.GetProperty("name").GetString() == "Sheet 004 · 3.4 toy-data — architecture (graded by hand)");
        pending.GetProperty("score").GetDouble().Should().Be(0);
        pending.GetProperty("max_score").GetDouble().Should().Be(0.5);
        pending.GetProperty("output").GetString().Should().Be("graded by hand, pending");
        pending.GetProperty("visibility").GetString().Should().Be("after_published");

        var notYet = tests.Single(t => t.GetProperty("name").GetString() == "Sheet 004 · 4 flow — automatic points");
        notYet.GetProperty("score").GetDouble().Should().Be(1);
        notYet.GetProperty("max_score").GetDouble().Should().Be(1);
        notYet.GetProperty("status").GetString().Should().Be("passed");
        notYet.GetProperty("output").GetString().Should().Contain("not graded automatically yet");

        var given = tests.Single(t => t.GetProperty("name").GetString() == "Sheet 004 · 1 (a) schedule — explain (graded by hand)");
        given.GetProperty("score").GetDouble().Should().Be(1);
        given.GetProperty("status").GetString().Should().Be("passed");
        given.GetProperty("output").GetString().Should().Contain("good, \"clear\" &amp; &lt;short&gt;", "the tutor's comment is shown, escaped for Markdown");

        var numbers = tests.Select(t => t.GetProperty("number").GetString()).ToArray();
        numbers.Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal, "the tests come in catalog order");
    }

    [Test]
    public void The_top_level_output_explains_a_timeout_and_lists_compile_errors_with_file_and_line()
    {
        using var carol = JsonDocument.Parse(Render(ReporterFixture.Carol()));
        carol.RootElement.GetProperty("output").GetString().Should().Contain("Grading timed out.").And.Contain("Check diffusion.toy-quality ran past its limit of 30 s");

        using var bob = JsonDocument.Parse(Render(ReporterFixture.Bob()));
        var output = bob.RootElement.GetProperty("output").GetString()!;
        output.Should().Contain("Diffusion/DtuDdpm.cs:12:5: error CS1002: ; expected").And.Contain("Flows/Map.cs:40:17: error GRADER001");
        bob.RootElement.GetProperty("score").GetDouble().Should().Be(1, "only the task without checks yet counts, in full");
    }

    private static string Render(HandinReport outcome) =>
        GradescopeResults.Render(outcome, ReporterFixture.Run);
}
