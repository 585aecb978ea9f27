namespace Grader.Grading.Tests.Reporters;

public sealed class HandinFeedbackTests : ScratchTests
{
    [Test]
    public void Writes_results_json_feedback_md_and_feedback_html_into_the_students_folder()
    {
        var student = Path.Combine(Dir, "alice");

        HandinFeedback.Write(ReporterFixture.Alice(), ReporterFixture.Run, student);

        Directory.GetFiles(student).Select(Path.GetFileName).Should().BeEquivalentTo("results.json", "feedback.md", "feedback.html");
        GradescopeSpec.Validate(File.ReadAllText(Path.Combine(student, "results.json"))).Should().BeEmpty();
        File.ReadAllText(Path.Combine(student, "feedback.md")).Should().Contain("**8.17 / 12 points so far**");
        File.ReadAllText(Path.Combine(student, "feedback.html")).Should().Contain("<strong>8.17 / 12 points so far</strong>");
    }

    [Test]
    public void Run_reports_write_the_gradebooks_junit_and_summary_with_the_same_totals()
    {
        Grader.Grading.Reporters.GradingOutputs.Default.WriteRun(ReporterFixture.Summary(), Dir);

        Directory.GetFiles(Dir).Select(Path.GetFileName).Should().BeEquivalentTo("gradebook.csv", "gradebook-lms.csv", "junit.xml", "summary.md");
        File.ReadAllText(Path.Combine(Dir, "gradebook.csv")).Should().Contain("alice,graded,").And.Contain(",3.6667,4.5,,8.1667,12,\r\n");
        File.ReadAllText(Path.Combine(Dir, "summary.md")).Should().Contain("# Grading run summary");
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(Dir, "junit.xml")).Root!;
        junit.Name.LocalName.Should().Be("testsuites");
        junit.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "alice").Descendants("property")
            .Single(p => (string?)p.Attribute("name") == "score").Attribute("value")!.Value.Should().Be("8.1667", "junit.xml prints the gradebook's total (automatic plus by hand)");
    }
}
