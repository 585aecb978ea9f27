namespace Grader.Cli.Tests.Commands;

/// <summary>
/// <c>docs/commands.md</c> is the tool's own <c>--help</c> (<see cref="CommandReference"/>): when a command, option or
/// description changes, this test fails until the file is written again, so the reference cannot drift from the tool.
/// </summary>
public class CommandReferenceTests
{
    [Test]
    public void The_committed_command_reference_is_what_the_tool_prints_now()
    {
        var now = CommandReference.Text();
        if (Environment.GetEnvironmentVariable("GRADER_WRITE_COMMAND_REFERENCE") == "1")
        {
            File.WriteAllText(CommandReference.Path, now);
        }

        File.Exists(CommandReference.Path).Should().BeTrue($"docs/commands.md is written by: {CommandReference.Regenerate}");
        File.ReadAllText(CommandReference.Path).ReplaceLineEndings("\n").Should().Be(now,
            $"docs/commands.md is the tool's --help as it is now; write it again with: {CommandReference.Regenerate}");
    }

    [Test]
    public void The_reference_shows_every_verb_s_help_and_not_the_hidden_worker()
    {
        var text = CommandReference.Text();

        foreach (var verb in new[] { "grade", "check", "merge", "assign", "rubric export", "catalog", "course check", "semester record", "serve" })
        {
            text.Should().Contain($"\n## grader {verb}\n", $"'grader {verb}' is a command a user types");
        }

        text.Should().Contain("--out").And.Contain("Usage:").And.Contain("  grader grade <hand-ins>...");
        text.Should().Contain("--jobs <jobs>").And.Contain("[default: the number of cores]", "the file is the same on every machine");
        text.Should().NotContain("## grader worker", "the worker is a program of its own (grader-worker), not a command");
    }
}
