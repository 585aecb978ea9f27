using System.Text;
using System.Text.Json;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// <c>grader</c> starts on the .NET runtime alone (issue 81, item 5): only <c>grader serve</c>'s own program,
/// grader-serve, needs ASP.NET Core. Its runtime configuration names Microsoft.NETCore.App alone; on a copy of this
/// machine's .NET without ASP.NET Core (<see cref="RuntimeOnlyDotnet"/>) <c>grader --help</c> and a <c>grader grade</c>
/// of one hand-in run, and <c>grader serve --help</c> says ASP.NET Core is needed. The grade's process loads no ASP.NET
/// Core assembly (issue 69): the runtime itself lists what the process loads: an EventPipe session from the start of the
/// process (its loader events and, at the end, the rundown of every loaded module, each with its path) written to a
/// file, read here as text. The workers it starts do not inherit the variables (their environment is cleared), so the
/// file is the grader's own.
/// </summary>
public sealed class GradeAssembliesTests
{
    private RuntimeOnlyDotnet _dotnet = null!;

    [OneTimeSetUp]
    public void CopyTheRuntime() => _dotnet = RuntimeOnlyDotnet.Create();

    [OneTimeTearDown]
    public void RemoveTheCopy() => _dotnet?.Dispose();

    [Test]
    public void The_graders_runtime_configuration_names_the_NET_runtime_alone_and_only_grader_serve_ASP_NET_Core()
    {
        Frameworks("grader").Should().Equal(["Microsoft.NETCore.App"], "grade, assign, semester and course start without ASP.NET Core");
        Frameworks("grader-worker").Should().Equal(["Microsoft.NETCore.App"], "the runner's worker program neither");
        Frameworks("grader-serve").Should().Contain("Microsoft.AspNetCore.App", "the control: the web app's program names it, so the reading finds it where it is");
    }

    [Test]
    public async Task Help_runs_without_ASP_NET_Core_and_serve_says_that_it_needs_it()
    {
        Directory.Exists(Path.Combine(_dotnet.Root, "shared", "Microsoft.AspNetCore.App")).Should().BeFalse();

        var (code, output, error) = await GraderCli.RunAsync(_dotnet.Start(["--help"]));
        code.Should().Be(0, $"grader starts on the runtime alone (stderr: {error})");
        output.Should().Contain("grade").And.Contain("serve");

        (code, output, error) = await GraderCli.RunAsync(_dotnet.Start(["serve", "--help"]));
        code.Should().Be(0, "the help itself needs no web app");
        output.Should().Contain("--course", "the help is the one docs/commands.md holds");
        error.Should().Contain("ASP.NET Core").And.Contain("Microsoft.AspNetCore.App").And.Contain("aspnetcore-runtime");

        (_, _, error) = await GraderCli.RunAsync(GraderCli.StartInfo(["serve", "--help"]));
        error.Should().NotContain("ASP.NET Core", "the control: this machine's own .NET has it, so nothing is said");
    }

    [Test]
    public async Task A_grade_process_starts_without_ASP_NET_Core_and_loads_none_of_it()
    {
        using var scratch = new Scratch();
        scratch.Handin("alice");
        var trace = Path.Combine(scratch.Root, "grade.nettrace");
        var output = Path.Combine(scratch.Root, "out");
        var start = _dotnet.Start(["grade", scratch.Handins, "--out", output, "--sheet", "002", "--snapshots", TestSettings.Snapshots, "--plain"]);
        start.Environment["DOTNET_EnableEventPipe"] = "1";
        start.Environment["DOTNET_EventPipeOutputPath"] = trace;
        start.Environment["DOTNET_EventPipeConfig"] = "Microsoft-Windows-DotNETRuntime:0x8:4"; // the loader keyword, informational

        var (code, _, error) = await GraderCli.RunAsync(start);

        File.Exists(Path.Combine(output, "gradebook.csv")).Should().BeTrue($"the grade ran to its end on the runtime alone (exit code {code}, stderr: {error})");
        var loaded = Loaded(trace);
        loaded.Should().Contain("Grader.Grading.dll", "the trace lists the grade's own assemblies, so an ASP.NET Core one would be listed too");
        loaded.Should().Contain("Grader.Runner.dll");
        loaded.Should().Contain(_dotnet.Root, "the grader ran on the copy without ASP.NET Core");
        loaded.Should().Contain("shared/Microsoft.NETCore.App/", "the framework's assemblies are listed with their folder, beside which ASP.NET Core's lies");
        loaded.Should().NotContain("Microsoft.AspNetCore", "only grader serve loads the web app");
        loaded.Should().NotContain("Grader.Web.dll");
    }

    /// <summary>The shared frameworks <paramref name="program"/>'s runtime configuration in this build's output names.</summary>
    private static IReadOnlyList<string> Frameworks(string program)
    {
        var file = Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json");
        File.Exists(file).Should().BeTrue($"{program} ships its runtime configuration beside grader.dll");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var options = json.RootElement.GetProperty("runtimeOptions");
        return options.TryGetProperty("frameworks", out var frameworks)
            ? [.. frameworks.EnumerateArray().Select(f => f.GetProperty("name").GetString()!)]
            : [options.GetProperty("framework").GetProperty("name").GetString()!];
    }

    /// <summary>The trace's text: the events' strings (paths, names) are UTF-16 at even or odd offsets, so both readings.</summary>
    private static string Loaded(string trace)
    {
        File.Exists(trace).Should().BeTrue("the runtime writes the trace when the process ends");
        var bytes = File.ReadAllBytes(trace);
        return Encoding.Unicode.GetString(bytes) + "\n" + Encoding.Unicode.GetString(bytes, 1, bytes.Length - 1);
    }
}
