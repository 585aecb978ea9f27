namespace Grader.Grading.Tests.Reporters;

/// <summary>Every reporter writes the same bytes under a comma-decimal culture as under the invariant one.</summary>
[NonParallelizable] // switches the current culture
public sealed class CultureInvarianceTests
{
    [Test]
    public void Every_report_is_the_same_under_a_comma_decimal_culture()
    {
        var invariant = Everything();
        var german = TestCultures.InGerman(Everything);

        german.Should().Equal(invariant);
        invariant.Should().Contain(t => t.Contains("0.6667", StringComparison.Ordinal), "the CSV has fractional points");
        invariant.Should().Contain(t => t.Contains("0.67 / 2", StringComparison.Ordinal), "the feedback has fractional points");
    }

    private static string[] Everything()
    {
        var summary = ReporterFixture.Summary();
        var table = GradebookTable.From(summary);
        var alice = summary.Handins[0];
        var row = alice;
        return
        [
            GradebookCsvReporter.Render(table),
            GradebookCsvReporter.RenderLms(table),
            JUnitReporter.Render(summary),
            SummaryMarkdown.Render(summary, table),
            GradescopeResults.Render(row, summary.Run),
            FeedbackMarkdown.Render(row, summary.Run),
            FeedbackHtml.Render(row, summary.Run),
            GitHubReporter.JobSummary(row, summary.Run),
            string.Join("\n", GitHubReporter.Annotations(alice)),
        ];
    }
}
