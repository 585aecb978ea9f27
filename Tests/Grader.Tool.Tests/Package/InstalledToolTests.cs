namespace Grader.Tool.Tests.Package;

/// <summary>
/// The package is the product: <c>dotnet pack Graders/Cli</c> (of this build) installed with <c>dotnet tool install
/// --tool-path</c> ships the separate host in <c>host/</c> (Grader.Remote, the contracts and the engine, nothing of the
/// checks, the reference or the hidden checks) and grades hand-ins in the bubblewrap sandbox as the repository build
/// does. Three hand-ins of the bundled cohort on sheet 004 keep the test short (≈ 45 s): the correct example, the
/// mutant that loses 004/3.4/negative-elbo, and a DDIM mutant that loses nothing on sheet 004.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class InstalledToolTests
{
    private static readonly string[] Students = ["amara-lindqvist", "bastian-okoro", "elif-brandauer"];

    [Test]
    public async Task The_installed_tool_grades_hand_ins_in_the_sandbox_with_its_own_host()
    {
        SandboxKit.RequirePolicy();
        using var scratch = new Scratch();
        var (_, tools) = await ToolPackage.PackedAndInstalled();

        var installed = Directory.GetDirectories(Path.Combine(tools, ".store", "grader"), "any", SearchOption.AllDirectories).Single();
        var host = Path.Combine(installed, HostCommandLine.Folder);
        File.Exists(Path.Combine(host, HostCommandLine.FileName)).Should().BeTrue("the package ships the host");
        var inHost = Directory.GetFiles(host).Select(Path.GetFileName).ToArray();
        TestContext.Out.WriteLine("host/: " + string.Join(", ", inHost));
        inHost.Should().NotContain(n => n!.StartsWith("Grader.Checks", StringComparison.Ordinal) || n.StartsWith("Grader.Reference", StringComparison.Ordinal) || n.StartsWith("grader.", StringComparison.Ordinal));
        // Each process its own program (issues 81 and 83): the runner's worker and the web app's program ship beside grader,
        // and grader itself starts on the .NET runtime alone.
        File.Exists(Path.Combine(installed, WorkerCommandLine.ProgramFile)).Should().BeTrue("the package ships the runner's worker program");
        File.Exists(Path.Combine(installed, ServeEntry.ProgramFile)).Should().BeTrue("the package ships the web app's program");
        var frameworks = File.ReadAllText(Path.Combine(installed, "grader.runtimeconfig.json"));
        frameworks.Should().Contain("Microsoft.NETCore.App").And.NotContain("Microsoft.AspNetCore.App", "only grader-serve needs ASP.NET Core");
        File.ReadAllText(Path.Combine(installed, "grader-serve.runtimeconfig.json")).Should().Contain("Microsoft.AspNetCore.App");
        var (help, serveHelp) = await ToolPackage.Capture(Path.Combine(tools, "grader"), ["serve", "--help"], workingDirectory: null);
        help.Should().Be(0);
        serveHelp.Should().Contain("--course").And.Contain("--urls");

        var handins = Path.Combine(scratch.Root, "handins");
        Directory.CreateDirectory(handins);
        foreach (var student in Students)
        {
            File.Copy(Path.Combine(RepositoryRoot.Path, "fixtures", "handins", student + ".zip"), Path.Combine(handins, student + ".zip"));
        }

        var output = Path.Combine(scratch.Root, "out");
        var clock = Stopwatch.StartNew();
        (await ToolPackage.Run(Path.Combine(tools, "grader"), ["grade", handins, "--out", output, "--sheet", "004", .. TutorCatalog.TrainingCheckIds.Order(StringComparer.Ordinal).SelectMany(id => new[] { "--skip-check", id }),
            // The tool's CPU budget per call bounds the checks; the wall limit is a hang guard (TestSettings.CpuBoundLimits; was 30 s).
            "--check-timeout", TestSettings.CpuBoundLimits.CheckTime.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
            (WorkerFactory.Variable, "bwrap"))).Should().Be(0);
        TestContext.Out.WriteLine($"graded {Students.Length} hand-ins with the installed tool in {clock.Elapsed.TotalSeconds:0.0} s");

        var rows = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        var header = rows[0].Split(',');
        int elbo = Array.IndexOf(header, "004/3.4/negative-elbo auto");
        elbo.Should().BePositive();
        var byStudent = rows.Skip(1).Select(r => r.Split(',')).ToDictionary(r => r[0]);
        byStudent.Keys.Should().BeEquivalentTo(Students);
        byStudent.Values.Should().OnlyContain(r => r[1] == "graded");
        int max = Array.IndexOf(header, "max"); // the last column before gradebook.csv had its note column
        byStudent["amara-lindqvist"][max].Should().Be(byStudent["elif-brandauer"][max], "the correct example and a DDIM mutant score alike on sheet 004");
        double Elbo(string student) => double.Parse(byStudent[student][elbo], System.Globalization.CultureInfo.InvariantCulture);
        Elbo("bastian-okoro").Should().BeLessThan(Elbo("amara-lindqvist"), "the ᾱ mutant loses the negative ELBO's exact checks (its draws are right, so it keeps that check's share)");
        Elbo("amara-lindqvist").Should().BePositive();
        File.ReadAllText(Path.Combine(output, "students", "bastian-okoro", "feedback.md")).Should().Contain("negative");
    }
}
