using System.CommandLine;

namespace Grader.Cli.Commands;

/// <summary>Placeholder until the command is written.</summary>
public static class WorkerCommand
{
    public static Command Create() => new("worker", "not written yet");
}
