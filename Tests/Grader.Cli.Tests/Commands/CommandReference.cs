using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Grader.Cli.Tests.Commands;

/// <summary>
/// <c>docs/commands.md</c>: every command of <c>grader</c> that a user may type (the hidden <c>worker</c> left out), each
/// with the text its <c>--help</c> prints, walked from the root command in the order <c>grader --help</c> lists them.
/// </summary>
internal static class CommandReference
{
    /// <summary>The file's path in the repository.</summary>
    public static string Path => System.IO.Path.Combine(RepositoryRoot.Path, "docs", "commands.md");

    /// <summary>How to write the file again, for the test's message and the file's head.</summary>
    public const string Regenerate =
        "GRADER_WRITE_COMMAND_REFERENCE=1 dotnet test Tests/Grader.Cli.Tests -p:GraderReadyToRun=false --filter \"FullyQualifiedName~CommandReferenceTests\"";

    /// <summary>The help is laid out for this many columns, whatever the terminal.</summary>
    private const int Width = 120;

    /// <summary>The file's text, from the tool as it is now.</summary>
    public static string Text()
    {
        var text = new StringBuilder();
        text.Append("# Command reference\n\n")
            .Append("Every `grader` command with what its `--help` prints. Generated from the tool's own help by\n")
            .Append("`Tests/Grader.Cli.Tests/Commands/CommandReference.cs`; a test fails when this file differs from the tool. Do not edit\n")
            .Append("it by hand: change the command's descriptions, then write it again with\n\n")
            .Append("```\n").Append(Regenerate).Append("\n```\n\n");
        var root = GraderCommand.Create();
        var commands = Walk(root, ["grader"]).ToArray();
        text.Append("| command | what it does |\n|---|---|\n");
        foreach (var (names, command) in commands.Skip(1))
        {
            text.Append($"| [`{string.Join(" ", names)}`](#{Anchor(names)}) | {command.Description?.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        foreach (var (names, _) in commands)
        {
            text.Append($"\n## {string.Join(" ", names)}\n\n```text\n").Append(Help(names.Skip(1).ToArray()).TrimEnd()).Append("\n```\n");
        }

        return text.ToString();
    }

    /// <summary>What <c>grader NAMES --help</c> prints, at <see cref="Width"/> columns, with the program named <c>grader</c>.</summary>
    private static string Help(string[] names)
    {
        var root = GraderCommand.Create();
        foreach (var action in root.Options.OfType<HelpOption>().Select(o => o.Action).OfType<HelpAction>())
        {
            action.MaxWidth = Width;
        }

        var output = new StringWriter();
        root.Parse([.. names, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        // The root command is named after the process that runs it (the test host here, "grader" when installed); the
        // default of --jobs is this machine's number of cores, said as such so the file is the same on every machine.
        var text = output.ToString().ReplaceLineEndings("\n").Replace($"  {RootCommand.ExecutableName} ", "  grader ", StringComparison.Ordinal)
            .Replace($"\n  {RootCommand.ExecutableName}\n", "\n  grader\n", StringComparison.Ordinal);
        return string.Join("\n", text.Split('\n').Select(line => (line.Contains("--jobs <jobs>", StringComparison.Ordinal)
            ? line.Replace($"[default: {Environment.ProcessorCount}]", "[default: the number of cores]", StringComparison.Ordinal)
            : line).TrimEnd()));
    }

    private static IEnumerable<(string[] Names, Command Command)> Walk(Command command, string[] names)
    {
        yield return (names, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var inner in Walk(sub, [.. names, sub.Name]))
            {
                yield return inner;
            }
        }
    }

    /// <summary>GitHub's anchor of the heading "grader rubric export": "grader-rubric-export".</summary>
    private static string Anchor(string[] names) => string.Join("-", names);
}
