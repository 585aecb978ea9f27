using System.CommandLine;

namespace Grader.Cli.Tests.Support;

/// <summary>The grader's command line run in this process (<see cref="GraderCommand"/>), what it writes captured.</summary>
internal static class GraderInProcess
{
    /// <summary>Runs <c>grader <paramref name="args"/></c> and returns its exit code, its output and its error output.</summary>
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await GraderCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
