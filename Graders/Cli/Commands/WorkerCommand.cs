using Grader.Runner.Workers;
using Grader.Remote.Host;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader worker --host</c>: the host of one hand-in, for when the separate <c>grader-host</c> does not ship beside
/// the grader; not meant to be typed by hand (hidden from the help). It holds only the hand-in and answers the grader's
/// calls on it in binary frames (<see cref="HandinHost"/>); with <c>--confine</c> it is confined first
/// (<see cref="HostConfinement"/>: without the reference solution and the hidden checks beside it), served by Program
/// before this command line is built. With <c>--compile</c> it is a compile server
/// (<see cref="Grader.Runner.Compile.CompileServer"/>). Without either it only says what it is (on stderr, starting with
/// <see cref="Greeting"/>: <see cref="SandboxProbe"/> starts it to see the runtime start in the sandbox).
/// </summary>
public static class WorkerCommand
{
    /// <summary>How the worker's answer on stderr starts.</summary>
    public const string Greeting = Runner.Sandbox.SandboxProbe.WorkerGreeting;

    public static Command Create()
    {
        var host = new Option<bool>(ChildProcessWorker.HostOption) { Description = "Hold the hand-in and answer the grader's calls on it (binary frames on stdin/stdout)." };
        var compile = new Option<bool>(Grader.Runner.Compile.CompilerProcess.Option) { Description = "Compile the hand-ins the grader sends (frames on stdin/stdout)." };
        var command = new Command("worker", "Hosts one hand-in for 'grader grade' and 'grader check' (internal: binary frames on stdin/stdout).") { Hidden = true };
        // Served by Program before this command line is built (see there); declared so that the parser knows them.
        var confine = new Option<bool>(HostConfinement.ConfineOption) { Description = "With --host: confine the host and start again (Landlock)." };
        var confined = new Option<bool>(HostConfinement.ConfinedOption) { Description = "With --host: the host was confined." };
        command.Options.Add(host);
        command.Options.Add(compile);
        command.Options.Add(confine);
        command.Options.Add(confined);
        command.SetAction(result =>
        {
            if (result.GetValue(compile))
            {
                return Grader.Runner.Compile.CompileServer.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);
            }

            if (result.GetValue(host))
            {
                return HandinHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError());
            }

            result.InvocationConfiguration.Error.WriteLine($"{Greeting} the host of a hand-in for 'grader grade'; it runs with {ChildProcessWorker.HostOption}.");
            return ExitCodes.UsageError;
        });
        return command;
    }
}
