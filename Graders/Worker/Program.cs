using Grader.Remote.Host;
using Grader.Worker;
using Grader.Worker.Compile;

// Before anything else: no process of the same user may read this one's /proc (environment, folders, open files, memory) or attach to it.
ProcessPrivacy.Apply();

return args switch
{
    [WorkerArguments.Compile] => CompileServer.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error),
    [WorkerArguments.Host] => HandinHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError()),
    // Confined first (HostConfinement: without the reference solution and the hidden checks beside it), then served.
    [WorkerArguments.Host, HostConfinement.ConfineOption or HostConfinement.ConfinedOption] =>
        HostConfinement.ConfineAndRestart(args, Console.Error)
            ?? HandinHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError()),
    _ => Greet(),
};

// Started without a mode (the sandbox probe starts it so to see the runtime start in the sandbox): say what it is.
static int Greet()
{
    Console.Error.WriteLine($"{WorkerArguments.Greeting} the compile server and host of a hand-in for 'grader grade'; it runs with {WorkerArguments.Compile} or {WorkerArguments.Host}.");
    return 1;
}
