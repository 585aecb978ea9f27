namespace Grader.Grading.Tests.Discovery;

public sealed class StudentNameTests
{
    [TestCase("", "is empty")]
    [TestCase("  \t", "is empty")]
    [TestCase("a/b", "contains a path separator ('/' or '\\')")]
    [TestCase("a\\b", "contains a path separator ('/' or '\\')")]
    [TestCase("a\u0007b", "contains the control character U+0007")]
    [TestCase("a\u2028b", "contains the control character U+2028")]
    [TestCase("bob\u202Egnp.exe", "contains the format character U+202E RIGHT-TO-LEFT OVERRIDE (it changes how the name displays, so it could pass for another student's)")]
    [TestCase("al\u200Bice", "contains the format character U+200B ZERO WIDTH SPACE (it changes how the name displays, so it could pass for another student's)")]
    [TestCase("alice\U000E0041", "contains the format character U+E0041 (it changes how the name displays, so it could pass for another student's)")]
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

    [Test]
    public void A_lone_surrogate_is_refused() => StudentName.Problem("a\uD800b").Should().Be("contains the lone surrogate U+D800");

    [Test]
    public void Names_equal_after_composition_share_a_key_and_the_composed_form_is_the_name()
    {
        StudentName.Key("Rene\u0301").Should().Be(StudentName.Key("REN\u00C9"));
        StudentName.Normal("Rene\u0301").Should().Be("Ren\u00E9");
        StudentName.Problem("Rene\u0301").Should().BeNull("a combining accent is a letter of the name, composed at intake");
    }

    [Test]
    public void Escape_shows_every_control_and_format_character_as_its_code_point_and_is_idempotent()
    {
        var escaped = StudentName.Escape("bob\u202Ex/\u200B\u0007\U000E0041ü\uD800");
        escaped.Should().Be("bob[U+202E]x[U+002F][U+200B][U+0007][U+E0041]ü[U+D800]");
        StudentName.Escape(escaped).Should().Be(escaped);
        StudentName.Escape("a/b", keepPathSeparators: true).Should().Be("a/b");
        StudentName.Problem(StudentName.Escape("bob\u202Ex")).Should().BeNull("the escaped form is a safe name");
    }
}
