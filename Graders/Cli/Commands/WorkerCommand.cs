using System.CommandLine;
using Grader.Cli.Workers;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader worker</c>: the process that grades one hand-in for <c>grader grade</c> and <c>grader check</c>. It reads
/// its job from stdin and answers on stdout; not meant to be typed by hand (hidden from the help).
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command("worker", "Grades one hand-in for 'grader grade' (internal: reads a job on stdin).") { Hidden = true };
        command.SetAction(_ => WorkerHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError()));
        return command;
    }
}
