using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>Placeholder until the command is written.</summary>
public static class GradeCommand
{
    public static Command Create() => new("grade", "not written yet");
}
