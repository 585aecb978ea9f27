using Grader.Cli.Commands;
using Grader.Runner.Sandbox;
using Grader.Runner.Workers;

// Before anything else: no process of the same user may read this one's /proc (environment, folders, open files, memory) or attach to it.
ProcessPrivacy.Apply();

// The host of a hand-in confined without the hidden checks beside it (grader worker --host --confine): served before the
// command line is built, since that reads the catalog (the checks' assemblies), which the confined host may not read.
if (args is ["worker", ChildProcessWorker.HostOption, Grader.Remote.Host.HostConfinement.ConfineOption or Grader.Remote.Host.HostConfinement.ConfinedOption])
{
    return Grader.Remote.Host.HostConfinement.ConfineAndRestart(args, Console.Error)
        ?? Grader.Remote.Host.HandinHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError());
}

return await GraderCommand.InvokeAsync(args);
