using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>Placeholder until the command is written.</summary>
public static class RubricCommand
{
    public static Command Create() => new("rubric", "not written yet");
}
