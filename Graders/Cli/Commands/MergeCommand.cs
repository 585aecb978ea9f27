using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>Placeholder until the command is written.</summary>
public static class MergeCommand
{
    public static Command Create() => new("merge", "not written yet");
}
