using System.Text.Json;
using System.Xml.Linq;

namespace Grader.Grading.Tests.Grading;

/// <summary>
/// What one run's output folder must say about its assignment, read by the cohort's and the adversarial corpus's tests:
/// gradebook.csv (one row per hand-in, automatic columns of this sheet only), gradebook-lms.csv, junit.xml and
/// summary.md name this sheet only, and each student's results.json has the report's total, made of this sheet's tests.
/// </summary>
internal static class AssignmentOutputs
{
    public static void ShowOnly(string output, string sheet, GradingSummary summary, int handins)
    {
        var gradebook = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        gradebook.Should().HaveCount(1 + handins);
        gradebook[0].Split(',').Where(c => c.EndsWith(" auto", StringComparison.Ordinal)).Should()
            .OnlyContain(c => c.StartsWith(sheet + "/", StringComparison.Ordinal)).And.HaveCount(summary.Assignment.Tasks.Count);
        File.ReadAllLines(Path.Combine(output, "gradebook-lms.csv"))[0].Should().EndWith($"Sheet {sheet} (points)");
        XDocument.Load(Path.Combine(output, "junit.xml")).Descendants("testcase").Should().NotBeEmpty()
            .And.OnlyContain(c => ((string)c.Attribute("classname")!).EndsWith($".Sheet{sheet}", StringComparison.Ordinal) || (string)c.Attribute("name")! == "compile" || (string)c.Attribute("name")! == "grading");
        File.ReadAllText(Path.Combine(output, "summary.md")).Should().Contain($"sheet {sheet}: ");
        foreach (var outcome in summary.Handins)
        {
            outcome.Tasks.Should().OnlyContain(t => t.Task.Sheet == sheet);
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(ResultStore.StudentFolderIn(output, outcome.Student), "results.json")));
            var tests = results.RootElement.GetProperty("tests").EnumerateArray().ToArray();
            results.RootElement.GetProperty("score").GetDouble().Should().Be(outcome.Total, "results.json's score is the report's total, as the gradebook's");
            outcome.Total.Should().BeApproximately(tests.Sum(t => t.GetProperty("score").GetDouble()), 0.5e-4, "the tests add up to it up to its rounding");
            tests.Should().OnlyContain(t => t.GetProperty("name").GetString()!.StartsWith($"Sheet {sheet} · ", StringComparison.Ordinal));
        }
    }
}
