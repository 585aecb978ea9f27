using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>Placeholder until the command is written.</summary>
public static class AssignCommand
{
    public static Command Create() => new("assign", "not written yet");
}
