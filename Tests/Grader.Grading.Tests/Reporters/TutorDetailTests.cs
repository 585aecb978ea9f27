using System.Text.Json;

namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// A check's <see cref="CheckResult.TutorDetail"/> (the hidden set-up) reaches the tutor's files and views — the records (records/&lt;student&gt;.json),
/// summary.md, <c>grader check</c>'s text — and none of what a student receives: feedback.md, feedback.html,
/// results.json, the GitHub job summary and annotations, junit.xml.
/// </summary>
public sealed class TutorDetailTests
{
    private const string Detail = "HIDDEN-SET-UP: 6000 training steps, T = 250";

    /// <summary>Alice's hand-in with the tutor's detail on every check (her failed hidden check among them).</summary>
    private static HandinReport Alice()
    {
        var alice = ReporterFixture.Alice();
        return alice with
        {
            Tasks = alice.Tasks.Select(t => t with { Checks = t.Checks.Select(c => c with { Result = c.Result with { TutorDetail = Detail } }).ToArray() }).ToArray(),
        };
    }

    [Test]
    public void Nothing_a_student_receives_shows_it()
    {
        var report = Alice();
        var row = report;
        var summary = ReporterFixture.Summary() with { Handins = [report] };
        string[] studentFacing =
        [
            FeedbackMarkdown.Render(row, ReporterFixture.Run),
            FeedbackHtml.Render(row, ReporterFixture.Run),
            GradescopeResults.Render(row, ReporterFixture.Run),
            GitHubReporter.JobSummary(row, ReporterFixture.Run),
            string.Join("\n", GitHubReporter.Annotations(report)),
            JUnitReporter.Render(summary),
        ];
        studentFacing.Should().OnlyContain(text => !text.Contains("HIDDEN-SET-UP", StringComparison.Ordinal));
    }

    [Test]
    public void The_summary_lists_it_for_each_failed_check_and_grader_check_prints_it()
    {
        var summary = ReporterFixture.Summary() with { Handins = [Alice()] };
        var page = SummaryMarkdown.Render(summary, GradebookTable.From(summary));

        page.Should().Contain("## Hidden set-up behind failed checks (tutor only)");
        var rows = page.Split('\n').Where(l => l.Contains("HIDDEN-SET-UP", StringComparison.Ordinal)).ToArray();
        rows.Should().HaveCount(Alice().Tasks.SelectMany(t => t.Checks).Count(c => !c.Passed), "one row per failed check, none for a passed one");
        rows.Should().OnlyContain(r => r.StartsWith("| alice |", StringComparison.Ordinal));
        TextReport.Render(Alice()).Should().Contain("tutor:    " + Detail);
    }

    [Test]
    public void A_summary_without_details_has_no_such_section() =>
        SummaryMarkdown.Render(ReporterFixture.Summary(), GradebookTable.From(ReporterFixture.Summary()))
            .Should().NotContain("Hidden set-up behind failed checks");

    [Test]
    public void The_record_keeps_it_through_json()
    {
        var verdict = Alice().Tasks.SelectMany(t => t.Checks).First(c => !c.Passed);
        var back = JsonSerializer.Deserialize<CheckVerdict>(JsonSerializer.Serialize(verdict, WorkerProtocol.Json), WorkerProtocol.Json)!;

        back.Result.TutorDetail.Should().Be(Detail);
        back.Should().Be(verdict with { Result = verdict.Result with { Plots = back.Result.Plots, Images = back.Result.Images } });
        WorkerProtocol.Sanitize(back).Result.TutorDetail.Should().Be(Detail);
    }
}
