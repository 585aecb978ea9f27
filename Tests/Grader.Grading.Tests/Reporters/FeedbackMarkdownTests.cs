namespace Grader.Grading.Tests.Reporters;

public sealed class FeedbackMarkdownTests
{
    [Test]
    public void Graded_feedback_matches_the_approved_text() => Render(ReporterFixture.Alice()).ShouldMatchApprovedText("feedback-graded", "md");

    [Test]
    public void Compile_failure_feedback_matches_the_approved_text() => Render(ReporterFixture.Bob()).ShouldMatchApprovedText("feedback-compile-failed", "md");

    [Test]
    public void Timeout_feedback_matches_the_approved_text() => Render(ReporterFixture.Carol()).ShouldMatchApprovedText("feedback-timed-out", "md");

    [Test]
    public void Text_from_a_check_cannot_close_its_code_fence()
    {
        var fenced = Markdown.Fence("a ``` b\n````\nc");

        fenced.Should().StartWith("`````text\n").And.EndWith("\n`````\n");
        Markdown.Inline("*bold* <b>|x|</b> & [link](u)").Should().Be("\\*bold\\* &lt;b&gt;\\|x\\|&lt;/b&gt; &amp; \\[link\\](u)");
    }

    [Test]
    public void The_status_reason_comes_before_the_scores()
    {
        var text = Render(ReporterFixture.Dave());

        text.IndexOf("> **Grading crashed.** The worker exited with code 134 (stack overflow).", StringComparison.Ordinal)
            .Should().BePositive().And.BeLessThan(text.IndexOf("## Scores", StringComparison.Ordinal));
        text.Should().NotContain("\u0007", "control characters are dropped");
    }

    private static string Render(HandinReport outcome) =>
        FeedbackMarkdown.Render(outcome, ReporterFixture.Run);
}
