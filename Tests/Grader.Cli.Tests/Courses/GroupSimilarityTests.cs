
namespace Grader.Cli.Tests.Courses;

/// <summary>
/// <c>grader similarity --course</c> on a group course (issue 68, item 5): a group is one hand-in, so groups are compared
/// with groups; a member's own copy of their group's code is left out (their group handed in), and two members who
/// handed in alone for one group are never a pair. Without the course the same folder flags both, which is what the
/// course's groups remove.
/// </summary>
public sealed class GroupSimilarityTests
{

    [Test]
    public async Task Groups_that_share_code_are_flagged_and_members_of_one_group_are_never_a_pair()
    {
        using var scratch = new Scratch();
        var course = Path.Combine(scratch.Root, "course.toml");
        File.WriteAllText(course, EditedCourse.Shipped("heidelberg-ml4physics-2023.toml") + GroupCourse.Semester);
        var correct = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Quickies", "Correct");
        scratch.Copy(correct, Path.Combine("handins", "g1"));
        scratch.Copy(correct, Path.Combine("handins", "g2"));   // two groups with one code: flagged
        scratch.Copy(correct, Path.Combine("handins", "ada"));  // g1 handed in: ada's own copy is not compared
        foreach (var member in new[] { "gus", "hal" })          // g3 handed in nothing: its members' two hand-ins are one group's
        {
            var folder = Path.Combine(scratch.Handins, member);
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in IndependentQuickies.Files(sumInsteadOfMean: false))
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }
        }

        var grouped = await Similarity(scratch.Handins, "--out", Path.Combine(scratch.Root, "grouped"), "--course", course);

        grouped.Code.Should().Be(ExitCodes.Done, grouped.Error);
        var lines = grouped.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("5 pairs compared; 1 at or above 0.5:", "g1, g2, gus and hal without gus–hal: 6 − 1 pairs");
        lines[1].Should().MatchRegex(@"^  1\.00  g1 – g2$");
        grouped.Out.Should().NotContain("gus – hal").And.NotContain("ada");
        grouped.Error.Should().Contain("Not compared: ").And.Contain("ada handed in twice for sheet 000");

        var alone = await Similarity(scratch.Handins, "--out", Path.Combine(scratch.Root, "alone"));
        alone.Code.Should().Be(ExitCodes.Done, alone.Error);
        alone.Out.Should().StartWith("10 pairs compared; 4 at or above 0.5:", "without the course every folder is a student: ada, g1, g2 share code, gus and hal too")
            .And.Contain("gus – hal");

        var noSheet = await Similarity(scratch.Handins, "--out", Path.Combine(scratch.Root, "x"), "--course", course, "--sheet", "999");
        noSheet.Code.Should().Be(ExitCodes.UsageError);
        noSheet.Error.Should().Be("grader similarity: --sheet 999: the course's sheets are 000.\n");
    }

    private static Task<(int Code, string Out, string Error)> Similarity(params string[] args) =>
        GraderInProcess.RunAsync(["similarity", .. args, "--template", Path.Combine(RepositoryRoot.Path, "Submissions", "Template", "Quickies")]);
}
