namespace Grader.Cli.Tests.Discovery;

public sealed class StudentNameTests
{
    [TestCase("", "is empty")]
    [TestCase("  \t", "is empty")]
    [TestCase("a/b", "contains a path separator ('/' or '\\')")]
    [TestCase("a\\b", "contains a path separator ('/' or '\\')")]
    [TestCase("a\u0007b", "contains the control character U+0007")]
    [TestCase("a\u2028b", "contains the control character U+2028")]
    [TestCase(".alice", "starts with '.' (a hidden name)")]
    [TestCase("..", "starts with '.' (a hidden name)")]
    [TestCase("=HYPERLINK(\"x\")", "starts with '=' (a spreadsheet would read it as a formula in the gradebook; rename the hand-in to the student's LMS user name)")]
    [TestCase("@alice", "starts with '@' (a spreadsheet would read it as a formula in the gradebook; rename the hand-in to the student's LMS user name)")]
    [TestCase("-1+1", "starts with '-' (a spreadsheet would read it as a formula in the gradebook; rename the hand-in to the student's LMS user name)")]
    [TestCase("+49", "starts with '+' (a spreadsheet would read it as a formula in the gradebook; rename the hand-in to the student's LMS user name)")]
    public void Unsafe_names_are_refused_with_the_reason(string name, string reason) =>
        StudentName.Problem(name).Should().Be(reason);

    [TestCase("alice")]
    [TestCase("Jürgen Groß")]
    [TestCase("Ærøskøbing-2")]
    [TestCase("مريم")]
    [TestCase("a=b-c@d")]
    public void Other_names_are_safe(string name) => StudentName.Problem(name).Should().BeNull();

    [Test]
    public void A_name_longer_than_the_limit_is_refused() =>
        StudentName.Problem(new string('ü', 101)).Should().Be("is longer than 200 bytes");

    [Test]
    public void Names_that_differ_only_in_case_share_a_key() =>
        StudentName.Key("Jürgen").Should().Be(StudentName.Key("JÜRGEN"));
}
