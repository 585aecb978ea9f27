using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// The student README is made per sheet from the catalog: its example test is a test of its own sheet's self-check
/// (named as the self-check names it), and it numbers the sheet one way only (the catalog's id, as the tests, the status
/// and <c>assignment.json</c> do), never with the course's own number from the title.
/// </summary>
public sealed class StudentReadmeTests
{
    [TestCaseSource(typeof(CatalogSheets), nameof(CatalogSheets.Ids))]
    public void The_readme_gives_a_test_of_its_own_sheet_and_numbers_the_sheet_one_way(string sheet)
    {
        var assignment = CourseCatalog.Default.FindAssignment(sheet)!;
        var readme = StudentReadme.Render(assignment, AssignmentPoints.Of(assignment));

        // The self-check's test names: "Sheet 004 · 3.4 negative-elbo (0.67 pts)" per task with a visible check.
        var testNames = assignment.Tasks.Where(t => t.Checks.Any(c => c.Visibility == Visibility.Visible))
            .Select(t => $"{TextReport.TaskName(t)} ({TextReport.Points(t.AutoPoints - t.HiddenPoints)})").ToList();
        testNames.Should().NotBeEmpty();
        readme.Should().Match(text => testNames.Any(name => text.Contains($"`{name}`", StringComparison.Ordinal)), "the example is one of this sheet's tests");
        Regex.Matches(readme, @"Sheet (\d{3}) ·").Select(m => m.Groups[1].Value).Should().OnlyContain(id => id == sheet, "no other sheet's test is given as an example");
        Regex.Matches(readme, @"\b[Ss]heet #?(\d+)\b").Select(m => m.Groups[1].Value).Should().OnlyContain(id => id == sheet, "the sheet is numbered one way");
        readme.Should().NotMatchRegex(@"(?i)(assignment|week) \d+:", "the course's own number of the sheet is left out of the title");
        readme.Split('\n')[0].Should().StartWith("# ").And.Contain($"sheet {sheet}: ");
        readme.Should().NotContain("members.txt", "a course handed in alone has no group section");
    }

    [TestCase("Sheet 10: Hands-on diffusion models", "Hands-on diffusion models")]
    [TestCase("Exercise sheet #10: Hands-on diffusion models", "Hands-on diffusion models")]
    [TestCase("Assignment 4: ordinary and stochastic differential equation likelihood models", "ordinary and stochastic differential equation likelihood models")]
    [TestCase("Exercises week 3: denoising diffusion probabilistic models", "denoising diffusion probabilistic models")]
    [TestCase("End-term exam CIT4230003 (31 July 2023)", "End-term exam CIT4230003 (31 July 2023)")]
    public void The_topic_is_the_title_without_the_courses_number(string title, string topic) =>
        StudentReadme.Topic(title).Should().Be(topic);
}
