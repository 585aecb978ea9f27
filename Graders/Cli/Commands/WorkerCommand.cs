using System.CommandLine;
using Grader.Remote;
using Grader.Cli.Workers;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader worker</c>: the process that runs one hand-in for <c>grader grade</c> and <c>grader check</c>; not meant
/// to be typed by hand (hidden from the help). With <c>--host</c> (what the grader starts) it holds only the hand-in and
/// answers the grader's calls on it in binary frames (<see cref="HandinHost"/>); without, it reads a job on stdin, runs
/// the checks itself and answers in JSON lines (<see cref="WorkerHost"/>, the earlier design). With <c>--compile</c> it
/// is a compile server (<see cref="Compile.CompileServer"/>).
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var host = new Option<bool>(ChildProcessWorker.HostOption) { Description = "Hold the hand-in and answer the grader's calls on it (binary frames on stdin/stdout)." };
        var compile = new Option<bool>(Compile.CompilerProcess.Option) { Description = "Compile the hand-ins the grader sends (frames on stdin/stdout)." };
        var command = new Command("worker", "Runs one hand-in for 'grader grade' (internal: reads from stdin).") { Hidden = true };
        command.Options.Add(host);
        command.Options.Add(compile);
        command.SetAction(result => result.GetValue(compile)
            ? Compile.CompileServer.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error)
            : result.GetValue(host)
            ? WorkerHost.RunHost(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError())
            : WorkerHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError()));
        return command;
    }
}
