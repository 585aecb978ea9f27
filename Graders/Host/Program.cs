using Grader.Remote.Host;




namespace Grader.Host;

/// <summary>
/// <c>grader-host</c>: holds one hand-in and answers the grader's calls on it over stdin/stdout (see
/// <see cref="HandinHost"/>). Started by the grader, in the sandbox; not meant to be run by hand. With
/// <c>--confine</c> it first confines itself and starts again (<see cref="HostConfinement"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args) =>
        HostConfinement.ConfineAndRestart(args, Console.Error)
        ?? HandinHost.Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.OpenStandardError());
}
