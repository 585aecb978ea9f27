using System.Text;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// A <c>grader grade</c> process loads no ASP.NET Core assembly (issue 69): only <c>grader serve</c> reaches Grader.Web.
/// The runtime itself lists what the process loads: an EventPipe session from the start of the process (its loader
/// events and, at the end, the rundown of every loaded module, each with its path) written to a file, read here as
/// text. The tool is not changed for it, and the workers it starts do not inherit the variables (their environment is
/// cleared), so the file is the grader's own.
/// </summary>
public sealed class GradeAssembliesTests
{
    [Test]
    public async Task A_grade_process_loads_no_ASP_NET_Core_assembly()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var trace = Path.Combine(scratch.Root, "grade.nettrace");
        var output = Path.Combine(scratch.Root, "out");
        var start = GraderCli.StartInfo(["grade", scratch.Handins, "--out", output, "--sheet", "002", "--snapshots", TestSettings.Snapshots, "--plain"]);
        start.Environment["DOTNET_EnableEventPipe"] = "1";
        start.Environment["DOTNET_EventPipeOutputPath"] = trace;
        start.Environment["DOTNET_EventPipeConfig"] = "Microsoft-Windows-DotNETRuntime:0x8:4"; // the loader keyword, informational

        var (code, _, error) = await GraderCli.RunAsync(start);

        File.Exists(Path.Combine(output, "gradebook.csv")).Should().BeTrue($"the grade ran to its end (exit code {code}, stderr: {error})");
        var loaded = Loaded(trace);
        loaded.Should().Contain("Grader.Grading.dll", "the trace lists the grade's own assemblies, so an ASP.NET Core one would be listed too");
        loaded.Should().Contain("Grader.Runner.dll");
        loaded.Should().Contain("shared/Microsoft.NETCore.App/", "the framework's assemblies are listed with their folder, beside which ASP.NET Core's lies");
        loaded.Should().NotContain("Microsoft.AspNetCore", "only grader serve loads the web app");
        loaded.Should().NotContain("Grader.Web.dll");
    }

    /// <summary>The trace's text: the events' strings (paths, names) are UTF-16 at even or odd offsets, so both readings.</summary>
    private static string Loaded(string trace)
    {
        File.Exists(trace).Should().BeTrue("the runtime writes the trace when the process ends");
        var bytes = File.ReadAllBytes(trace);
        return Encoding.Unicode.GetString(bytes) + "\n" + Encoding.Unicode.GetString(bytes, 1, bytes.Length - 1);
    }
}
