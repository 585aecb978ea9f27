using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>Placeholder until the command is written.</summary>
public static class CheckCommand
{
    public static Command Create() => new("check", "not written yet");
}
